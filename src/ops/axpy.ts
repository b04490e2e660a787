// axpy: y += alpha·x in place (the BLAS name), the optimizers' update. Its own op rather than
// add(y, mul(x, alpha), y): the product is not rounded to the dtype before the sum, and nothing
// is allocated.
import { axpy as axpyKernel } from "../kernels/axpy.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { AnyTensor } from "./arithmetic.js";
import { isMatrix, isVector, sameDType } from "./check.js";

/**
 * y += alpha·x, in place; returns y. x must have y's shape and dtype and not overlap it.
 * @example
 * ```ts
 * const W = ones(2, 3);
 * axpy(W, -0.1, ones(2, 3)); // W is now 0.9 everywhere
 * ```
 */
export function axpy<T extends AnyTensor>(y: T, alpha: number, x: NoInfer<T>): T {
  if (!isMatrix(y) && !isVector(y)) throw new TypeError("axpy: y must be a Matrix or a Vector");
  if (!isMatrix(x) && !isVector(x)) throw new TypeError("axpy: x must be a Matrix or a Vector");
  if (typeof alpha !== "number") throw new TypeError(`axpy: alpha must be a number, got ${typeof alpha}`);
  if (x.kind !== y.kind || x.data.length !== y.data.length || (isMatrix(x) && isMatrix(y) && x.rows !== y.rows)) {
    throw new ShapeError("axpy", `${fmtShape(y)} += alpha · ${fmtShape(x)}: shapes must be equal`);
  }
  sameDType("axpy", y, x);
  // x may be y itself; partly overlapping, y's writes would change x's later elements.
  const a = y.data,
    b = x.data;
  const same = a.byteOffset === b.byteOffset && a.length === b.length;
  if (
    a.buffer === b.buffer &&
    !same &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  ) {
    throw new ShapeError("axpy", "x overlaps y without being it");
  }
  axpyKernel(y.data, alpha, x.data, y.data.length);
  return y;
}
