// The traced elementwise ops of issue #11: abs, pow, clip, minimum, maximum, where, and the
// comparisons. A comparison's mask is a constant to the tape (a step function has no gradient
// wherever it is defined), so `ad.where(ad.greater(x, 0), x, ad.mul(x, 0.01))` differentiates
// through the branch each element took and never through the mask.
import * as S from "../ops/select.js";
import * as U from "../ops/unary.js";
import type { Elementwise, ElementwiseBackward } from "../ops/arithmetic.js";
import { isMatrix } from "../shape/guards.js";
import { active, colsOf, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";
import { binary, checkLeaf, noOut, oneInput, withNumbers, type M } from "./ops-common.js";

/**
 * `abs`, traced; its rule is absBackward (sign(a)·dOut, 0 at a = 0).
 * @example
 * ```ts
 * const a = ad.abs(fromArray([[-1, 2]]));
 * ```
 */
export const abs: typeof U.abs = oneInput("abs", U.abs, U.absBackward, "x");

function powRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (d) t.commit(n, 0, U.powBackward(n.grad as M, n.a as M, n.b as number, d as M));
}
/**
 * `pow(a, p)`, traced for a number p; its rule is powBackward (p·a^(p−1)·dOut, 0 for p = 0).
 * @example
 * ```ts
 * const sq = ad.pow(fromArray([[1, 2, 3]]), 2);
 * ```
 */
export const pow: typeof U.pow = withNumbers("pow", U.pow, powRule, 0, 2);

function clipRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (d) t.commit(n, 0, U.clipBackward(n.grad as M, n.a as M, n.b as number, n.c as number, d as M));
}
/**
 * `clip(a, lo, hi)`, traced; its rule is clipBackward: the gradient passes where lo ≤ a ≤ hi
 * (bounds included) and is 0 where a was clipped.
 * @example
 * ```ts
 * const c = ad.clip(fromArray([[-2, 0.5, 3]]), 0, 1);
 * ```
 */
export const clip: typeof U.clip = withNumbers("clip", U.clip, clipRule, 0, 3);

/**
 * `maximum`, traced: the gradient goes to the operand taken, to `a` at ties (maximumBackward);
 * a broadcast b's is summed over the broadcast axis.
 * @example
 * ```ts
 * const r = ad.maximum(fromArray([[-1, 2]]), 0); // relu
 * ```
 */
export const maximum: typeof S.maximum = binary("maximum", S.maximum, S.maximumBackward as ElementwiseBackward);
/**
 * `minimum`, traced: the gradient goes to the operand taken, to `a` at ties (minimumBackward).
 * @example
 * ```ts
 * const r = ad.minimum(fromArray([[-1, 2]]), 1);
 * ```
 */
export const minimum: typeof S.minimum = binary("minimum", S.minimum, S.minimumBackward as ElementwiseBackward);

function noRule(): void {
  // Never runs: a mask's node has no input that needs a gradient.
}
/** A comparison, traced: the mask goes into a tape buffer on a node that needs no gradient (a constant). */
function comparison<F extends Elementwise>(op: string, f: F): F {
  const plain = f as unknown as (a: Leaf, b: unknown, out?: unknown) => Leaf;
  return ((a: Leaf, b: unknown, out?: unknown) => {
    const tape = active;
    if (tape === null) return plain(a, b, out);
    noOut(op, out);
    checkLeaf(op, a);
    const n = tape.next(op, noRule, isMatrix(a) ? a.rows : a.data.length, colsOf(a), a.dtype, null, null);
    return plain(a, b, n.out);
  }) as unknown as F;
}

/**
 * `greater`, traced: the mask is a constant (no gradient flows through a comparison).
 * @example
 * ```ts
 * const x = fromArray([[-1, 2]]);
 * const leaky = ad.where(ad.greater(x, 0), x, ad.mul(x, 0.01));
 * ```
 */
export const greater: typeof S.greater = comparison("greater", S.greater);
/**
 * `greaterEqual`, traced (a constant mask).
 * @example
 * ```ts
 * const k = ad.greaterEqual(fromArray([[1, 2]]), 2);
 * ```
 */
export const greaterEqual: typeof S.greaterEqual = comparison("greaterEqual", S.greaterEqual);
/**
 * `less`, traced (a constant mask).
 * @example
 * ```ts
 * const k = ad.less(fromArray([[1, 2]]), 2);
 * ```
 */
export const less: typeof S.less = comparison("less", S.less);
/**
 * `lessEqual`, traced (a constant mask).
 * @example
 * ```ts
 * const k = ad.lessEqual(fromArray([[1, 2]]), 1);
 * ```
 */
export const lessEqual: typeof S.lessEqual = comparison("lessEqual", S.lessEqual);
/**
 * `equal`, traced (a constant mask).
 * @example
 * ```ts
 * const k = ad.equal(fromArray([[1, 2]]), 2);
 * ```
 */
export const equal: typeof S.equal = comparison("equal", S.equal);
/**
 * `notEqual`, traced (a constant mask).
 * @example
 * ```ts
 * const k = ad.notEqual(fromArray([[1, 2]]), 2);
 * ```
 */
export const notEqual: typeof S.notEqual = comparison("notEqual", S.notEqual);

// The node holds c = the mask; inputs 0 and 1 are a and b (null for a number).
function whereRule(t: Tape, n: Node): void {
  const dA = t.target(n, 0),
    dB = t.target(n, 1);
  S.whereBackward(n.grad as M, n.c as M, { dA: dA as M | null, dB: dB as M | null });
  if (dA) t.commit(n, 0, dA);
  if (dB) t.commit(n, 1, dB);
}
/**
 * `where(mask, a, b)`, traced: the gradient goes to the branch each element took (whereBackward);
 * the mask gets none, even when computed from parameters.
 * @example
 * ```ts
 * const x = fromArray([[-1, 2]]);
 * const r = ad.where(ad.greater(x, 0), x, 0); // relu
 * ```
 */
export const where: typeof S.where = ((mask: Leaf, a: Leaf | number, b: Leaf | number, out?: unknown) => {
  const tape = active;
  if (tape === null) return S.where(mask, a as never, b as never, out as never);
  noOut("where", out);
  checkLeaf("where", mask);
  const n = tape.next(
    "where",
    whereRule,
    isMatrix(mask) ? mask.rows : mask.data.length,
    colsOf(mask),
    mask.dtype,
    tape.nodeOf(a),
    tape.nodeOf(b),
  );
  S.where(mask, a as never, b as never, n.out as never);
  n.c = mask;
  return n.out;
}) as typeof S.where;
