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
  m: Matrix<number, C, D>, indices: Indices, batch?: B, out?: Matrix<NoInfer<B>, NoInfer<C>, NoInfer<D>>,
): Matrix<B, C, D> {
  if (!isMatrix(m)) throw new TypeError("takeRows: expected a Matrix");
  const count = indices.length;
  if (batch !== undefined && batch !== count) {
    throw new ShapeError("takeRows", `${count} indices given but the batch size is ${batch}`);
  }
  for (let r = 0; r < count; r++) {
    const i = indices[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < m.rows)) {
      throw new RangeError(`takeRows: index ${i} at position ${r} is out of range for ${fmtShape(m)} (rows 0..${m.rows - 1})`);
    }
  }
  const o = outMatrix("takeRows", out, count, m.cols, m.dtype, [m.data]);
  takeRowsKernel(o.data, m.data, indices, count, m.cols, m.rows);
  return o as Matrix<B, C, D>;
}
