// Row-wise softmax, stable for logits of ±1e4 (the row max is subtracted first), with its
// backward beside it.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { softmaxBackwardRows, softmaxRows } from "../kernels/softmax.js";
import { checkInPlace, isMatrix, outMatrix, sameDType } from "./check.js";

/**
 * Softmax of each row.
 * @example
 * const p = softmax(logits); // Matrix<100, 10>, rows sum to 1
 */
export function softmax<R extends number, C extends number, D extends DType>(
  a: Matrix<R, C, D>, out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  if (!isMatrix(a)) throw new TypeError("softmax: expected a Matrix");
  const o = outMatrix("softmax", out, a.rows, a.cols, a.dtype);
  checkInPlace("softmax", o.data, [a.data]); // in place is fine: each row is read before it is written
  softmaxRows(o.data, a.data, a.rows, a.cols);
  return o as Matrix<R, C, D>;
}

/**
 * Backward of softmax given its output y: dX = y ⊙ (dOut − Σ_j dOut·y per row).
 */
export function softmaxBackward<R extends number, C extends number, D extends DType>(
  dOut: Matrix<R, C, D>, y: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>, out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  if (!isMatrix(dOut) || !isMatrix(y)) throw new TypeError("softmaxBackward: expected matrices");
  if (dOut.rows !== y.rows || dOut.cols !== y.cols) {
    throw new ShapeError("softmaxBackward", `${fmtShape(dOut)} and ${fmtShape(y)}: shapes must be equal`);
  }
  sameDType("softmaxBackward", dOut, y);
  const o = outMatrix("softmaxBackward", out, dOut.rows, dOut.cols, dOut.dtype);
  checkInPlace("softmaxBackward", o.data, [dOut.data, y.data]);
  softmaxBackwardRows(o.data, dOut.data, y.data, dOut.rows, dOut.cols);
  return o as Matrix<R, C, D>;
}
