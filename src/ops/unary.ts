// Elementwise functions of one tensor. `out` may be the input itself.
import * as k from "../kernels/elementwise.js";
import { like, type AnyTensor } from "./arithmetic.js";

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
