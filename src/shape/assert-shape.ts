// Run-time assertions that narrow: after `assertShape(m, 100, 784)` the compiler treats `m` as a
// `Matrix<100, 784>`, so code past a checked boundary (a file, a flag) is statically checked again.
import type { DType } from "./dtype.js";
import { ShapeError, fmtShape } from "./shape-error.js";
import type { Matrix, Vector } from "./tensor.js";
import { isMatrix as isM, isVector as isV } from "./guards.js";

/**
 * Checks a matrix's dims at run time and narrows its type; throws ShapeError on a mismatch.
 * @example
 * ```ts
 * const m: Matrix<number, number> = fromTypedArray(new Float32Array(100 * 784), 100, 784);
 * assertShape(m, 100, 784); // m: Matrix<100, 784, "f32"> from here on
 * ```
 */
export function assertShape<const R extends number, const C extends number, D extends DType>(
  m: Matrix<number, number, D>,
  rows: R,
  cols: C,
): asserts m is Matrix<R, C, D> {
  if (!isM(m)) throw new TypeError("assertShape: expected a Matrix");
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError("assertShape", `expected [${rows}, ${cols}], got ${fmtShape(m)}`);
  }
}

/** Checks a vector's size at run time and narrows its type. */
export function assertSize<const N extends number, D extends DType>(
  v: Vector<number, D>,
  size: N,
): asserts v is Vector<N, D> {
  if (!isV(v)) throw new TypeError("assertSize: expected a Vector");
  if (v.size !== size) throw new ShapeError("assertSize", `expected [${size}], got ${fmtShape(v)}`);
}

/** Checks a matrix's dtype at run time and narrows its type. */
export function assertDType<R extends number, C extends number, const D extends DType>(
  m: Matrix<R, C, DType>,
  dtype: D,
): asserts m is Matrix<R, C, D> {
  if (m.dtype !== dtype) throw new ShapeError("assertDType", `expected ${dtype}, got ${m.dtype}`);
}
