// Row selection for minibatches.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { takeRows as takeRowsKernel } from "../kernels/gather.js";
import { isMatrix, outMatrix } from "./check.js";

/** Index arrays accepted by takeRows. */
export type Indices = Int32Array | Uint32Array | Uint8Array | readonly number[];

/**
 * The rows of `m` at `indices`, in order (repeats allowed), as a `Matrix<B, C>`; `B` is the
 * number of indices, or `batch` when given (a literal or a `Dim`).
 * @example
 * ```ts
 * const X = zeros(60000, 784), idx = rng(0).fillInts(new Int32Array(100), 60000);
 * const Xb = takeRows(X, idx, 100); // Matrix<100, 784>
 * ```
 */
export function takeRows<C extends number, D extends DType, const B extends number = number>(
  m: Matrix<number, C, D>,
  indices: Indices,
  batch?: B,
  out?: Matrix<NoInfer<B>, NoInfer<C>, NoInfer<D>>,
): Matrix<B, C, D> {
  if (!isMatrix(m)) throw new TypeError("takeRows: expected a Matrix");
  const count = indices.length;
  if (batch !== undefined && batch !== count) {
    throw new ShapeError("takeRows", `${count} indices given but the batch size is ${batch}`);
  }
  for (let r = 0; r < count; r++) {
    const i = indices[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < m.rows)) {
      throw new RangeError(
        `takeRows: index ${i} at position ${r} is out of range for ${fmtShape(m)} (rows 0..${m.rows - 1})`,
      );
    }
  }
  const o = outMatrix("takeRows", out, count, m.cols, m.dtype, [m.data]);
  takeRowsKernel(o.data, m.data, indices, count, m.cols, m.rows);
  return o as Matrix<B, C, D>;
}

/**
 * Backward of `takeRows`: a scatter-add of dOut's rows into a zeroed matrix of m's `rows` (a
 * row taken twice gets both gradients).
 * @example
 * ```ts
 * const dM = takeRowsBackward(ones(3, 2), [0, 2, 0], 4); // row 0 gets 2, row 2 gets 1
 * ```
 */
export function takeRowsBackward<C extends number, D extends DType, const N extends number = number>(
  dOut: Matrix<number, C, D>,
  indices: Indices,
  rows: N,
  out?: Matrix<NoInfer<N>, NoInfer<C>, NoInfer<D>>,
): Matrix<N, C, D> {
  if (!isMatrix(dOut)) throw new TypeError("takeRowsBackward: dOut must be a Matrix");
  if (indices.length !== dOut.rows) {
    throw new ShapeError("takeRowsBackward", `${indices.length} indices but dOut is ${fmtShape(dOut)}`);
  }
  const o = outMatrix("takeRowsBackward", out, rows, dOut.cols, dOut.dtype, [dOut.data]);
  const cols = dOut.cols,
    d = o.data,
    g = dOut.data;
  d.fill(0);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < rows)) {
      throw new RangeError(`takeRowsBackward: index ${i} at position ${r} is out of range for ${rows} rows`);
    }
    const src = r * cols,
      dst = i * cols;
    for (let j = 0; j < cols; j++) d[dst + j] += g[src + j]!;
  }
  return o as Matrix<N, C, D>;
}
