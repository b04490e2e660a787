// Reductions of a row-major rows × cols matrix. Sums accumulate in a float64 local where the
// loop shape allows, so a float32 sum of 60,000 rows does not drift.
import type { Buf } from "../shape/dtype.js";

/** out[j] = Σ_i a[i, j] (axis 0, the bias gradient). */
export function sumAxis0(out: Buf, a: Buf, rows: number, cols: number): Buf {
  out.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j] += a[o + j]!;
  }
  return out;
}
/** out[i] = Σ_j a[i, j] (axis 1). */
export function sumAxis1(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[o + j]!;
    out[i] = s;
  }
  return out;
}
export function sumAll(a: Buf, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  return s;
}
/** out[j] = max_i a[i, j]; NaN wins, as in NumPy. */
export function maxAxis0(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let j = 0; j < cols; j++) out[j] = a[j]!;
  for (let i = 1; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = a[o + j]!;
      if (x > out[j]! || Number.isNaN(x)) out[j] = x;
    }
  }
  return out;
}
/** out[i] = max_j a[i, j]; NaN wins. */
export function maxAxis1(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = a[o]!;
    for (let j = 1; j < cols; j++) {
      const x = a[o + j]!;
      if (x > m || Number.isNaN(x)) m = x;
    }
    out[i] = m;
  }
  return out;
}
export function maxAll(a: Buf, n: number): number {
  let m = a[0]!;
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    if (x > m || Number.isNaN(x)) m = x;
  }
  return m;
}
/**
 * out[i] = the first column index of row i's maximum (NumPy's argmax: first wins ties), or -1
 * when row i holds a NaN: a prediction from a NaN row is no class, so it never matches a label.
 */
export function argmaxRows(out: Int32Array, a: Buf, rows: number, cols: number): Int32Array {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = a[o]!;
    let best = m !== m ? -1 : 0;
    for (let j = 1; j < cols && best >= 0; j++) {
      const x = a[o + j]!;
      if (x !== x) best = -1;
      else if (x > m) {
        m = x;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
