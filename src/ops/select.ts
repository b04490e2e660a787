// Elementwise minimum/maximum, comparisons, and `where`. They take the operands `add` takes
// (equal shapes, a scalar, or a matrix with a row Vector or a Column broadcast). A comparison
// gives a mask: a tensor of a's type holding 1 where the relation holds and 0 elsewhere, which
// `where` selects with (and `mul` can weight with).
import type { DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import * as bk from "../kernels/broadcast.js";
import { select } from "../kernels/pointwise.js";
import { elementwise, like, stridedLoops, type AnyTensor, type Elementwise } from "./arithmetic.js";
import { checkInPlace, isColumn, isMatrix, isVector, sameDType } from "./check.js";

/**
 * The larger of a and b elementwise (NaN if either is NaN, as NumPy's `maximum`).
 * @example
 * ```ts
 * const m = fromArray([[-1, 2]]);
 * const r = maximum(m, 0); // [[0, 2]]: relu
 * ```
 */
export const maximum: Elementwise<"maximum"> = elementwise("maximum", stridedLoops(bk.maximum));
/**
 * The smaller of a and b elementwise (NaN if either is NaN).
 * @example
 * ```ts
 * const m = fromArray([[-1, 2]]);
 * const r = minimum(m, 1); // [[-1, 1]]
 * ```
 */
export const minimum: Elementwise<"minimum"> = elementwise("minimum", stridedLoops(bk.minimum));
/**
 * Mask of a > b: 1 where it holds, 0 elsewhere (NaN compares false).
 * @example
 * ```ts
 * const m = fromArray([[-1, 2]]);
 * const positive = greater(m, 0); // [[0, 1]]
 * ```
 */
export const greater: Elementwise<"greater"> = elementwise("greater", stridedLoops(bk.greater));
/**
 * Mask of a >= b.
 * @example
 * ```ts
 * const m = fromArray([[1, 2]]); const k = greaterEqual(m, 2); // [[0, 1]]
 * ```
 */
export const greaterEqual: Elementwise<"greaterEqual"> = elementwise("greaterEqual", stridedLoops(bk.greaterEqual));
/**
 * Mask of a < b.
 * @example
 * ```ts
 * const m = fromArray([[1, 2]]); const k = less(m, 2); // [[1, 0]]
 * ```
 */
export const less: Elementwise<"less"> = elementwise("less", stridedLoops(bk.less));
/**
 * Mask of a <= b.
 * @example
 * ```ts
 * const m = fromArray([[1, 2]]); const k = lessEqual(m, 1); // [[1, 0]]
 * ```
 */
export const lessEqual: Elementwise<"lessEqual"> = elementwise("lessEqual", stridedLoops(bk.lessEqual));
/**
 * Mask of a === b.
 * @example
 * ```ts
 * const m = fromArray([[1, 2]]); const k = equal(m, 2); // [[0, 1]]
 * ```
 */
export const equal: Elementwise<"equal"> = elementwise("equal", stridedLoops(bk.equal));
/**
 * Mask of a !== b (NaN is unequal to everything).
 * @example
 * ```ts
 * const m = fromArray([[1, 2]]); const k = notEqual(m, 2); // [[1, 0]]
 * ```
 */
export const notEqual: Elementwise<"notEqual"> = elementwise("notEqual", stridedLoops(bk.notEqual));

/**
 * `a` where `mask` is non-zero, else `b`, elementwise; `a` and `b` are tensors of the mask's
 * type or numbers. The mask is usually a comparison's result.
 * @example
 * ```ts
 * const x = fromArray([[-1, 2], [3, -4]]);
 * const r = where(greater(x, 0), x, 0); // relu: [[0, 2], [3, 0]]
 * ```
 */
export function where<T extends AnyTensor>(
  mask: T,
  a: NoInfer<T> | number,
  b: NoInfer<T> | number,
  out?: NoInfer<T>,
): T {
  const ok = (x: unknown) => isMatrix(x) || isVector(x) || isColumn(x);
  if (!ok(mask)) throw new TypeError("where: mask must be a Matrix, a Vector or a Column");
  const o = like("where", mask, out);
  const operands: AnyTensor[] = [];
  for (const [name, x] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (typeof x === "number") continue;
    if (!ok(x)) throw new TypeError(`where: ${name} must be a tensor of the mask's shape or a number`);
    const t = x as AnyTensor;
    const same =
      t.kind === mask.kind &&
      t.data.length === mask.data.length &&
      (!isMatrix(t) || t.rows === (mask as { rows: number }).rows);
    if (!same)
      throw new ShapeError("where", `mask is ${fmtShape(mask)} but ${name} is ${fmtShape(t)}: shapes must be equal`);
    sameDType("where", mask as { dtype: DType }, t);
    operands.push(t);
  }
  checkInPlace("where", o.data, [mask.data, ...operands.map((t) => t.data)]);
  select(o.data, mask.data, typeof a === "number" ? a : a.data, typeof b === "number" ? b : b.data, mask.data.length);
  return o as T;
}
