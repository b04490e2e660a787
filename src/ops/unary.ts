// Elementwise functions of one tensor. `out` may be the input itself.
import * as k from "../kernels/elementwise.js";
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
 * const m = fromArray([[0, 1], [2, 3]]);
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
    throw new ShapeError(op, `${fmtShape(a)} ${a.dtype} and ${fmtShape(b)} ${b.dtype}: shapes and dtypes must be equal`);
  }
}
