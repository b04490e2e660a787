// The row gather for minibatches (out row r = a's row idx[r]; indices are checked by the
// caller), and the materialized transpose. The gather copies each row with TypedArray.set, a memcpy, from a
// view of that row made once per source array and kept while it lives. bench/gather.ts measured
// the strategies on MNIST's shape (100 rows of 784 float32 from 60,000): an element loop 166 µs,
// set() from cached views 54-66 µs, set() from a fresh subarray per row 53-58 µs. The cached
// views cost about 6 MB for MNIST's rows, but a fresh subarray is an allocation per row, and the
// trainers' steps must allocate nothing; so the cached views are the one strategy.
import type { Buf } from "../shape/dtype.js";

const rowViewCache = new WeakMap<Buf, { cols: number; views: Buf[] }>();

/** A view of each of a's rows (rows × cols), made on the first call for this a and width. */
function rowViews(a: Buf, rows: number, cols: number): Buf[] {
  const hit = rowViewCache.get(a);
  if (hit && hit.cols === cols && hit.views.length === rows) return hit.views;
  const views = new Array<Buf>(rows);
  for (let i = 0; i < rows; i++) views[i] = a.subarray(i * cols, (i + 1) * cols);
  rowViewCache.set(a, { cols, views });
  return views;
}

/** out rows 0..count = rows idx[0..count] of a (aRows × cols). out must not overlap a. */
export function takeRows(out: Buf, a: Buf, idx: ArrayLike<number>, count: number, cols: number, aRows: number): Buf {
  const views = rowViews(a, aRows, cols);
  for (let r = 0; r < count; r++) out.set(views[idx[r]!]!, r * cols);
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
