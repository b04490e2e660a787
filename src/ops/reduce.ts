// Reductions: over axis 0 (down the rows, -> Vector<C>), axis 1 (across a row, -> Vector<R>),
// or everything (-> number). Overloads on the literal axis pick the result type.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import * as k from "../kernels/reduce.js";
import { divScalar } from "../kernels/elementwise.js";
import { isMatrix, isVector, outMatrix, outVector } from "./check.js";

function checkAxis(op: string, axis: unknown): void {
  if (axis !== undefined && axis !== 0 && axis !== 1) throw new RangeError(`${op}: axis must be 0, 1 or omitted, got ${String(axis)}`);
}
function checkInput(op: string, a: unknown): void {
  if (!isMatrix(a) && !isVector(a)) throw new TypeError(`${op}: expected a Matrix or a Vector`);
}

/**
 * Sum over an axis, or of everything.
 * @example
 * ```ts
 * const dY = ones(100, 10);
 * const db = sum(dY, 0); // Matrix<100, 10> -> Vector<10>
 * ```
 */
export function sum<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 0, out?: Vector<NoInfer<C>, NoInfer<D>>): Vector<C, D>;
export function sum<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 1, out?: Vector<NoInfer<R>, NoInfer<D>>): Vector<R, D>;
export function sum(a: Matrix<number, number, DType> | Vector<number, DType>): number;
export function sum(a: Matrix<number, number, DType> | Vector<number, DType>, axis?: 0 | 1, out?: Vector<number, DType>): Vector<number, DType> | number {
  checkInput("sum", a);
  checkAxis("sum", axis);
  if (axis === undefined) return k.sumAll(a.data, a.data.length);
  if (!isMatrix(a)) throw new ShapeError("sum", `axis ${axis} needs a matrix, got ${fmtShape(a)}`);
  if (axis === 0) return vec(k.sumAxis0, "sum", a, a.cols, out);
  return vec(k.sumAxis1, "sum", a, a.rows, out);
}

/** Mean over an axis, or of everything. */
export function mean<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 0, out?: Vector<NoInfer<C>, NoInfer<D>>): Vector<C, D>;
export function mean<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 1, out?: Vector<NoInfer<R>, NoInfer<D>>): Vector<R, D>;
export function mean(a: Matrix<number, number, DType> | Vector<number, DType>): number;
export function mean(a: Matrix<number, number, DType> | Vector<number, DType>, axis?: 0 | 1, out?: Vector<number, DType>): Vector<number, DType> | number {
  checkInput("mean", a);
  checkAxis("mean", axis);
  if (axis === undefined) return a.data.length === 0 ? NaN : k.sumAll(a.data, a.data.length) / a.data.length;
  if (!isMatrix(a)) throw new ShapeError("mean", `axis ${axis} needs a matrix, got ${fmtShape(a)}`);
  // Summed under mean's own name, so a wrong `out` is reported as mean's.
  const s = axis === 0 ? vec(k.sumAxis0, "mean", a, a.cols, out) : vec(k.sumAxis1, "mean", a, a.rows, out);
  const n = axis === 0 ? a.rows : a.cols;
  divScalar(s.data, s.data, n, s.data.length, false);
  return s;
}

/** Maximum over an axis, or of everything. NaN propagates, as in NumPy. */
export function max<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 0, out?: Vector<NoInfer<C>, NoInfer<D>>): Vector<C, D>;
export function max<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>, axis: 1, out?: Vector<NoInfer<R>, NoInfer<D>>): Vector<R, D>;
export function max(a: Matrix<number, number, DType> | Vector<number, DType>): number;
export function max(a: Matrix<number, number, DType> | Vector<number, DType>, axis?: 0 | 1, out?: Vector<number, DType>): Vector<number, DType> | number {
  checkInput("max", a);
  checkAxis("max", axis);
  if (axis === undefined) {
    if (a.data.length === 0) throw new ShapeError("max", `cannot reduce an empty ${fmtShape(a)}`);
    return k.maxAll(a.data, a.data.length);
  }
  if (!isMatrix(a)) throw new ShapeError("max", `axis ${axis} needs a matrix, got ${fmtShape(a)}`);
  if ((axis === 0 ? a.rows : a.cols) === 0) throw new ShapeError("max", `cannot reduce an empty axis ${axis} of ${fmtShape(a)}`);
  if (axis === 0) return vec(k.maxAxis0, "max", a, a.cols, out);
  return vec(k.maxAxis1, "max", a, a.rows, out);
}

function vec(
  kernel: (o: Float32Array | Float64Array, a: Float32Array | Float64Array, r: number, c: number) => unknown,
  op: string, a: Matrix<number, number, DType>, size: number, out: Vector<number, DType> | undefined,
): Vector<number, DType> {
  const o = outVector(op, out, size, a.dtype, [a.data]);
  kernel(o.data, a.data, a.rows, a.cols);
  return o;
}

/**
 * The column index of each row's maximum (first on ties), as integers; -1 for a row holding a
 * NaN anywhere (no class, so a NaN row never matches a label, where NumPy would answer the NaN's
 * index). Every accuracy in the library counts with this argmax.
 * @example
 * ```ts
 * const pred = argmax(fromArray([[0.1, 0.7, 0.2], [NaN, 1, 0]])); // Int32Array [1, -1]
 * ```
 */
export function argmax<R extends number>(a: Matrix<R, number, DType>, out?: Int32Array): Int32Array {
  if (!isMatrix(a)) throw new TypeError("argmax: expected a Matrix");
  if (a.cols === 0) throw new ShapeError("argmax", `cannot take argmax of rows with no columns ${fmtShape(a)}`);
  const o = out ?? new Int32Array(a.rows);
  if (o.length !== a.rows) throw new ShapeError("argmax", `out has ${o.length} elements but a has ${a.rows} rows`);
  return k.argmaxRows(o, a.data, a.rows, a.cols);
}

/**
 * Backward of `sum` (and, with `scale` = 1/n, of `mean`): dOut broadcast back over a's shape —
 * a Vector<C> (axis 0) down the rows, a Vector<R> (axis 1) across each row, a number everywhere.
 * @example
 * ```ts
 * const dA = sumBackward(onesVector(3), zeros(4, 3), 0); // Matrix<4, 3> of ones
 * ```
 */
export function sumBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Vector<R, D> | number, a: Matrix<R, C, D>, axis?: 0 | 1, scale = 1, out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkAxis("sumBackward", axis);
  if (!isMatrix(a)) throw new TypeError("sumBackward: a must be a Matrix");
  const o = outMatrix("sumBackward", out, a.rows, a.cols, a.dtype);
  const rows = a.rows, cols = a.cols, d = o.data;
  if (axis === undefined) {
    if (typeof dOut !== "number") throw new TypeError("sumBackward: the gradient of a full sum is a number");
    d.fill(dOut * scale);
    return o as Matrix<R, C, D>;
  }
  if (!isVector(dOut) || dOut.size !== (axis === 0 ? cols : rows) || dOut.dtype !== a.dtype) {
    throw new ShapeError("sumBackward", `dOut must be a ${a.dtype} vector of ${axis === 0 ? `a.cols (${cols})` : `a.rows (${rows})`} for axis ${axis}, got ${typeof dOut === "number" ? "a number" : fmtShape(dOut)}`);
  }
  const g = dOut.data;
  if (axis === 0) {
    for (let i = 0; i < rows; i++) d.set(g, i * cols);
    if (scale !== 1) for (let i = 0; i < d.length; i++) d[i] *= scale;
  } else {
    for (let i = 0; i < rows; i++) d.fill(g[i]! * scale, i * cols, (i + 1) * cols);
  }
  return o as Matrix<R, C, D>;
}

/**
 * Backward of `max`: dOut goes to the first maximal element of each reduced run (axis 0: each
 * column, axis 1: each row, none: the whole matrix), zero elsewhere — the subgradient NumPy's
 * argmax picks.
 * @example
 * ```ts
 * const dA = maxBackward(onesVector(2), fromArray([[1, 5], [3, 2]]), 0); // [[0, 1], [1, 0]]
 * ```
 */
export function maxBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Vector<R, D> | number, a: Matrix<R, C, D>, axis?: 0 | 1, out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkAxis("maxBackward", axis);
  if (!isMatrix(a)) throw new TypeError("maxBackward: a must be a Matrix");
  const o = outMatrix("maxBackward", out, a.rows, a.cols, a.dtype, [a.data]);
  const rows = a.rows, cols = a.cols, d = o.data, x = a.data;
  d.fill(0);
  if (axis === undefined) {
    if (typeof dOut !== "number") throw new TypeError("maxBackward: the gradient of a full max is a number");
    let at = 0;
    for (let i = 1; i < x.length; i++) if (x[i]! > x[at]!) at = i;
    if (x.length > 0) d[at] = dOut;
    return o as Matrix<R, C, D>;
  }
  if (!isVector(dOut) || dOut.size !== (axis === 0 ? cols : rows) || dOut.dtype !== a.dtype) {
    throw new ShapeError("maxBackward", `dOut must be a ${a.dtype} vector of ${axis === 0 ? `a.cols (${cols})` : `a.rows (${rows})`} for axis ${axis}, got ${typeof dOut === "number" ? "a number" : fmtShape(dOut)}`);
  }
  const g = dOut.data;
  if (axis === 0) {
    for (let j = 0; j < cols; j++) {
      let at = j;
      for (let i = 1; i < rows; i++) if (x[i * cols + j]! > x[at]!) at = i * cols + j;
      d[at] = g[j]!;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      let at = i * cols;
      for (let j = 1; j < cols; j++) if (x[i * cols + j]! > x[at]!) at = i * cols + j;
      d[at] = g[i]!;
    }
  }
  return o as Matrix<R, C, D>;
}
