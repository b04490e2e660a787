import type { DType } from "../shape/dtype.js";
import { Matrix, type MatrixLike } from "../shape/tensor.js";
import { transpose as transposeKernel } from "../kernels/gather.js";
import { copy } from "../kernels/elementwise.js";
import { isTransposed, outMatrix } from "./check.js";

/**
 * The transpose, materialized into a new matrix (or `out`). For products, prefer the free view
 * `m.T`, which `dot` reads in place.
 * @example
 * ```ts
 * const t = transpose(fromArray([[1, 2, 3]])); // Matrix<3, 1, "f32">
 * ```
 */
export function transpose<R extends number, C extends number, D extends DType>(
  m: MatrixLike<R, C, D>,
  out?: Matrix<NoInfer<C>, NoInfer<R>, NoInfer<D>>,
): Matrix<C, R, D> {
  if (isTransposed(m)) {
    // The transpose of a view is its base: copy it.
    const o = outMatrix("transpose", out, m.cols, m.rows, m.dtype, [m.base.data]);
    copy(o.data, m.base.data, m.rows * m.cols);
    return o as Matrix<C, R, D>;
  }
  const o = outMatrix("transpose", out, m.cols, m.rows, m.dtype, [m.data]);
  transposeKernel(o.data, m.data, m.rows, m.cols);
  return o as Matrix<C, R, D>;
}

/**
 * Backward of `transpose`: the gradient transposed back.
 * @example
 * ```ts
 * const dM = transposeBackward(ones(3, 2)); // Matrix<2, 3>
 * ```
 */
export function transposeBackward<R extends number, C extends number, D extends DType>(
  dOut: Matrix<C, R, D>,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  return transpose(dOut, out);
}
