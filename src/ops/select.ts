// Elementwise minimum/maximum, comparisons, and `where`. They take the operands `add` takes
// (equal shapes, a scalar, or a matrix with a row Vector or a Column broadcast). A comparison
// gives a mask: a tensor of a's type holding 1 where the relation holds and 0 elsewhere, which
// `where` selects with (and `mul` can weight with).
import type { DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import * as bk from "../kernels/broadcast.js";
import { select } from "../kernels/pointwise.js";
import {
  elementwise,
  like,
  stridedLoops,
  type AnyTensor,
  type Elementwise,
  type ElementwiseBackward,
  type ElementwiseGradsOut,
} from "./arithmetic.js";
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

// Backward of minimum, maximum and where. The comparisons have none: a mask is a step function
// of its inputs, flat wherever it is defined, so the traced comparisons (ad.greater, ...) give
// constants.

/**
 * Backward of `maximum(a, b)`: dOut goes to the operand that was taken, to `a` at ties (the
 * first, as `maxBackward` gives a tie to the first element) and to a NaN operand (the one
 * propagated); a broadcast `b`'s gradient is summed over the broadcast axis, a scalar has none.
 * @example
 * ```ts
 * const { dA, dB } = maximumBackward(ones(1, 3), fromArray([[1, 5, 2]]), fromArray([[3, 4, 2]])); // [[0, 1, 1]], [[1, 0, 0]]
 * ```
 */
export const maximumBackward: ElementwiseBackward<"maximum"> = extremeBackward(
  "maximumBackward",
  (x, y) => x >= y || Number.isNaN(x),
);
/**
 * Backward of `minimum(a, b)`: dOut goes to the operand that was taken, to `a` at ties and to a
 * NaN operand, as in `maximumBackward`.
 * @example
 * ```ts
 * const { dA } = minimumBackward(ones(1, 2), fromArray([[-1, 2]]), 0); // [[1, 0]]; dB: undefined for a scalar
 * ```
 */
export const minimumBackward: ElementwiseBackward<"minimum"> = extremeBackward(
  "minimumBackward",
  (x, y) => x <= y || Number.isNaN(x),
);

function extremeBackward(op: string, takesA: (x: number, y: number) => boolean): ElementwiseBackward {
  return ((
    dOut: AnyTensor,
    a: AnyTensor,
    b: AnyTensor | number,
    out: ElementwiseGradsOut<AnyTensor, AnyTensor | number> = {},
  ) => {
    const { rows, cols, rs, cs } = broadcastOf(op, dOut, a, b);
    const g = dOut.data,
      x = a.data,
      y = typeof b === "number" ? [b] : b.data;
    const dA = out.dA === null ? undefined : like(op, dOut, out.dA, [a]);
    const dB = typeof b === "number" || out.dB === null ? undefined : like(op, b, out.dB as AnyTensor | undefined);
    if (dB) dB.data.fill(0);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = i * cols + j,
          bAt = i * rs + j * cs;
        const toA = takesA(x[at]!, y[bAt]!);
        if (dA) dA.data[at] = toA ? g[at]! : 0;
        if (dB && !toA) dB.data[bAt]! += g[at]!;
      }
    }
    return { dA, dB };
  }) as ElementwiseBackward;
}

/**
 * The loop of an elementwise op over a's elements as rows × cols, with b's element at
 * i·rs + j·cs (equal shapes: rs 0, cs 1 over one row; a row vector: rs 0, cs 1; a column: rs 1,
 * cs 0; a scalar: both 0), after checking dOut against a and b against both.
 */
function broadcastOf(
  op: string,
  dOut: AnyTensor,
  a: AnyTensor,
  b: AnyTensor | number,
): { rows: number; cols: number; rs: number; cs: number } {
  const ok = (t: unknown) => isMatrix(t) || isVector(t) || isColumn(t);
  if (!ok(dOut) || !ok(a)) throw new TypeError(`${op}: dOut and a must be Matrices, Vectors or Columns`);
  const same = (s: AnyTensor, t: AnyTensor) =>
    s.kind === t.kind && s.data.length === t.data.length && (!isMatrix(s) || s.rows === (t as { rows: number }).rows);
  if (!same(dOut, a)) throw new ShapeError(op, `dOut is ${fmtShape(dOut)} but a is ${fmtShape(a)}`);
  sameDType(op, dOut, a);
  const n = a.data.length;
  if (typeof b === "number") return { rows: 1, cols: n, rs: 0, cs: 0 };
  if (!ok(b)) throw new TypeError(`${op}: b must be a Matrix, a Vector, a Column or a number`);
  sameDType(op, a, b);
  if (same(a, b)) return { rows: 1, cols: n, rs: 0, cs: 1 };
  if (isMatrix(a) && isVector(b) && b.size === a.cols) return { rows: a.rows, cols: a.cols, rs: 0, cs: 1 };
  if (isMatrix(a) && isColumn(b) && b.size === a.rows) return { rows: a.rows, cols: a.cols, rs: 1, cs: 0 };
  throw new ShapeError(op, `b is ${fmtShape(b)} but a is ${fmtShape(a)}`);
}

/**
 * Where `whereBackward` writes: the gradients of `where`'s a and b (each of the mask's type),
 * null to skip one.
 * @example
 * ```ts
 * const out: WhereGradsOut<Matrix<2, 2>> = { dA: zeros(2, 2), dB: null };
 * ```
 */
export interface WhereGradsOut<T> {
  readonly dA?: T | null;
  readonly dB?: T | null;
}

/**
 * Backward of `where(mask, a, b)`: dA = dOut where the mask is non-zero (NaN counts, as in the
 * forward), dB = dOut elsewhere. The mask gets no gradient (a comparison's is 0 wherever it is
 * defined); a number operand has none, so pass null for it.
 * @example
 * ```ts
 * const { dA, dB } = whereBackward(ones(1, 2), fromArray([[1, 0]])); // [[1, 0]], [[0, 1]]
 * ```
 */
export function whereBackward<T extends AnyTensor>(
  dOut: T,
  mask: NoInfer<T>,
  out: WhereGradsOut<NoInfer<T>> = {},
): { dA: T; dB: T } {
  const ok = (t: unknown) => isMatrix(t) || isVector(t) || isColumn(t);
  if (!ok(dOut) || !ok(mask)) throw new TypeError("whereBackward: dOut and mask must be Matrices, Vectors or Columns");
  if (
    mask.kind !== dOut.kind ||
    mask.data.length !== dOut.data.length ||
    (isMatrix(mask) && mask.rows !== (dOut as { rows: number }).rows)
  )
    throw new ShapeError("whereBackward", `dOut is ${fmtShape(dOut)} but the mask is ${fmtShape(mask)}`);
  const g = dOut.data,
    m = mask.data;
  const dA = out.dA === null ? undefined : like("whereBackward", dOut, out.dA);
  const dB = out.dB === null ? undefined : like("whereBackward", dOut, out.dB);
  for (let i = 0; i < g.length; i++) {
    const toA = m[i] !== 0;
    if (dA) dA.data[i] = toA ? g[i]! : 0;
    if (dB) dB.data[i] = toA ? 0 : g[i]!;
  }
  return { dA, dB } as { dA: T; dB: T };
}
