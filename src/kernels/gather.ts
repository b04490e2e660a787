// Row gather for minibatches: out row r = a row idx[r]. Indices are checked by the op.
import type { Buf } from "../shape/dtype.js";

export function takeRows(out: Buf, a: Buf, idx: ArrayLike<number>, count: number, cols: number): Buf {
  for (let r = 0; r < count; r++) {
    // A plain loop, not out.set(a.subarray(...)): subarray would create a view object per row.
    const src = idx[r]! * cols;
    const dst = r * cols;
    for (let j = 0; j < cols; j++) out[dst + j] = a[src + j]!;
  }
  return out;
}
/** out[i] = 1 at column labels[i], 0 elsewhere. */
export function oneHot(out: Buf, labels: ArrayLike<number>, rows: number, k: number): Buf {
  out.fill(0, 0, rows * k);
  for (let i = 0; i < rows; i++) out[i * k + labels[i]!] = 1;
  return out;
}
/** out = aᵀ, materialized; a is rows × cols. Blocked so both sides stay in cache. */
export function transpose(out: Buf, a: Buf, rows: number, cols: number): Buf {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = a[i * cols + j]!;
    }
  }
  return out;
}
