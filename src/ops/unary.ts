// Elementwise functions of one tensor. `out` may be the input itself.
import * as k from "../kernels/elementwise.js";
import * as pk from "../kernels/pointwise.js";
import { like, type AnyTensor } from "./arithmetic.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";

/**
 * e^a elementwise.
 * @example
 * ```ts
 * const m = fromArray([[0, 1], [2, 3]]);
 * const e = exp(m); // same type as m
 * ```
 */
export function exp<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("exp", a, out);
  k.exp(o.data, a.data, a.data.length);
  return o as T;
}
/** Natural log elementwise. */
export function log<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("log", a, out);
  k.log(o.data, a.data, a.data.length);
  return o as T;
}
/** Square root elementwise. */
export function sqrt<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("sqrt", a, out);
  k.sqrt(o.data, a.data, a.data.length);
  return o as T;
}
/**
 * `f` applied to each element (with its flat index). The escape hatch: one call per element,
 * so the library's own ops use dedicated loops instead.
 * @example
 * ```ts
 * const m = fromArray([[1, 2], [3, 4]]);
 * const sq = map(m, (x) => x * x);
 * ```
 */
export function map<T extends AnyTensor>(a: T, f: (x: number, i: number) => number, out?: NoInfer<T>): T {
  if (typeof f !== "function") throw new TypeError("map: f must be a function");
  const o = like("map", a, out);
  k.map(o.data, a.data, a.data.length, f);
  return o as T;
}
/** A copy (into `out` if given). */
export function clone<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("clone", a, out);
  k.copy(o.data, a.data, a.data.length);
  return o as T;
}

/**
 * Backward of `exp` from its output y = e^a: dA = dOut ⊙ y.
 * @example
 * ```ts
 * const dA = expBackward(ones(2, 2), exp(zeros(2, 2)));
 * ```
 */
export function expBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  const o = like("expBackward", dOut, out, [y]);
  sameSize("expBackward", dOut, y);
  k.mul(o.data, dOut.data, y.data, o.data.length);
  return o as T;
}
/**
 * Backward of `log` from its input a: dA = dOut / a.
 * @example
 * ```ts
 * const dA = logBackward(ones(2, 2), ones(2, 2));
 * ```
 */
export function logBackward<T extends AnyTensor>(dOut: T, a: NoInfer<T>, out?: NoInfer<T>): T {
  const o = like("logBackward", dOut, out, [a]);
  sameSize("logBackward", dOut, a);
  k.div(o.data, dOut.data, a.data, o.data.length);
  return o as T;
}
/**
 * Backward of `sqrt` from its output y = √a: dA = dOut / (2y).
 * @example
 * ```ts
 * const dA = sqrtBackward(ones(2, 2), ones(2, 2));
 * ```
 */
export function sqrtBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  const o = like("sqrtBackward", dOut, out, [y]);
  sameSize("sqrtBackward", dOut, y);
  k.div(o.data, dOut.data, y.data, o.data.length);
  k.mulScalar(o.data, o.data, 0.5, o.data.length);
  return o as T;
}

function sameSize(op: string, a: AnyTensor, b: AnyTensor): void {
  if (a.kind !== b.kind || a.data.length !== b.data.length || a.dtype !== b.dtype) {
    throw new ShapeError(
      op,
      `${fmtShape(a)} ${a.dtype} and ${fmtShape(b)} ${b.dtype}: shapes and dtypes must be equal`,
    );
  }
}

/**
 * |a| elementwise.
 * @example
 * ```ts
 * const m = fromArray([[-1, 2]]);
 * const a = abs(m); // [[1, 2]]
 * ```
 */
export function abs<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("abs", a, out);
  pk.abs(o.data, a.data, a.data.length);
  return o as T;
}
/**
 * a to the power `p` elementwise (a number; `pow(a, 2)` squares).
 * @example
 * ```ts
 * const m = fromArray([[1, 2, 3]]);
 * const sq = pow(m, 2); // [[1, 4, 9]]
 * ```
 */
export function pow<T extends AnyTensor>(a: T, p: number, out?: NoInfer<T>): T {
  if (typeof p !== "number") throw new TypeError(`pow: p must be a number, got ${typeof p}`);
  const o = like("pow", a, out);
  pk.pow(o.data, a.data, p, a.data.length);
  return o as T;
}
/**
 * Each element limited to [lo, hi] (NaN stays NaN).
 * @example
 * ```ts
 * const m = fromArray([[-2, 0.5, 3]]);
 * const c = clip(m, 0, 1); // [[0, 0.5, 1]]
 * ```
 */
export function clip<T extends AnyTensor>(a: T, lo: number, hi: number, out?: NoInfer<T>): T {
  if (typeof lo !== "number" || typeof hi !== "number") throw new TypeError("clip: lo and hi must be numbers");
  if (!(lo <= hi)) throw new RangeError(`clip: lo (${lo}) must not exceed hi (${hi})`);
  const o = like("clip", a, out);
  pk.clip(o.data, a.data, lo, hi, a.data.length);
  return o as T;
}

/**
 * Backward of `abs`: dA = dOut ⊙ sign(a), with sign(0) = 0 (abs has no derivative at 0; 0 is
 * the subgradient PyTorch and JAX pick).
 * @example
 * ```ts
 * const dA = absBackward(ones(1, 3), fromArray([[-2, 0, 3]])); // [[-1, 0, 1]]
 * ```
 */
export function absBackward<T extends AnyTensor>(dOut: T, a: NoInfer<T>, out?: NoInfer<T>): T {
  const o = like("absBackward", dOut, out, [a]);
  sameSize("absBackward", dOut, a);
  const g = dOut.data,
    x = a.data,
    d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = x[i]! > 0 ? g[i]! : x[i]! < 0 ? -g[i]! : 0;
  return o as T;
}
/**
 * Backward of `pow(a, p)`: dA = dOut ⊙ p·a^(p−1); for p = 0 it is 0 everywhere (a⁰ is the
 * constant 1, even at a = 0 where 0·0⁻¹ would give NaN).
 * @example
 * ```ts
 * const dA = powBackward(ones(1, 2), fromArray([[1, 3]]), 2); // [[2, 6]]
 * ```
 */
export function powBackward<T extends AnyTensor>(dOut: T, a: NoInfer<T>, p: number, out?: NoInfer<T>): T {
  if (typeof p !== "number") throw new TypeError(`powBackward: p must be a number, got ${typeof p}`);
  const o = like("powBackward", dOut, out, [a]);
  sameSize("powBackward", dOut, a);
  const g = dOut.data,
    x = a.data,
    d = o.data;
  if (p === 0) d.fill(0);
  else if (p === 2) for (let i = 0; i < d.length; i++) d[i] = 2 * x[i]! * g[i]!;
  else for (let i = 0; i < d.length; i++) d[i] = p * x[i]! ** (p - 1) * g[i]!;
  return o as T;
}
/**
 * Backward of `clip(a, lo, hi)`: dA = dOut where lo ≤ a ≤ hi (bounds included, PyTorch's
 * `clamp` choice), 0 where a was clipped.
 * @example
 * ```ts
 * const dA = clipBackward(ones(1, 3), fromArray([[-2, 0.5, 1]]), 0, 1); // [[0, 1, 1]]
 * ```
 */
export function clipBackward<T extends AnyTensor>(dOut: T, a: NoInfer<T>, lo: number, hi: number, out?: NoInfer<T>): T {
  if (typeof lo !== "number" || typeof hi !== "number") throw new TypeError("clipBackward: lo and hi must be numbers");
  const o = like("clipBackward", dOut, out, [a]);
  sameSize("clipBackward", dOut, a);
  const g = dOut.data,
    x = a.data,
    d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = x[i]! >= lo && x[i]! <= hi ? g[i]! : 0;
  return o as T;
}
