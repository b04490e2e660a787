// Reductions: over axis 0 (down the rows, -> the row vector Vector<C>), axis 1 (across a row,
// -> the column vector Column<R>), or everything (-> number). Overloads on the literal axis pick
// the result type; the axis a result lives on is in its type, so it broadcasts back only along
// that axis (`sub(m, max(m, 1))` subtracts each row's max).
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Column, Matrix, Vector } from "../shape/tensor.js";
import * as k from "../kernels/reduce.js";
import { divScalar, sqrt as sqrtKernel } from "../kernels/elementwise.js";
import * as sk from "../kernels/stats.js";
import { isColumn, isMatrix, isVector, outColumn, outMatrix, outVector } from "./check.js";

function checkAxis(op: string, axis: unknown): void {
  if (axis !== undefined && axis !== 0 && axis !== 1)
    throw new RangeError(`${op}: axis must be 0, 1 or omitted, got ${String(axis)}`);
}
function checkInput(op: string, a: unknown): void {
  if (!isMatrix(a) && !isVector(a) && !isColumn(a))
    throw new TypeError(`${op}: expected a Matrix, a Vector or a Column`);
}

/** Anything a whole-tensor reduction accepts. */
type Reducible = Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>;

/**
 * The typed signature shared by sum, mean, max, min and logSumExp: over axis 0 a row vector of
 * the columns, over axis 1 a column of the rows, over everything a number.
 * @example
 * ```ts
 * const reduce: Reduction = sum;
 * const colSums = reduce(ones(3, 4), 0); // Vector<4>
 * ```
 */
export interface Reduction {
  <R extends number, C extends number, D extends DType>(
    a: Matrix<R, C, D>,
    axis: 0,
    out?: Vector<NoInfer<C>, NoInfer<D>>,
  ): Vector<C, D>;
  <R extends number, C extends number, D extends DType>(
    a: Matrix<R, C, D>,
    axis: 1,
    out?: Column<NoInfer<R>, NoInfer<D>>,
  ): Column<R, D>;
  (a: Reducible): number;
}

type Buf = Float32Array | Float64Array;

/**
 * One reduction from its three loops: `all` over every element, `axis0`/`axis1` into a row or a
 * column; `finish` post-processes an axis result in place (mean's division); `nonEmpty` refuses
 * empty inputs (max and min have no identity).
 */
function reduction(
  op: string,
  all: (x: Buf) => number,
  axis0: Kernel,
  axis1: Kernel,
  finish?: (s: Vector<number, DType> | Column<number, DType>, a: Matrix<number, number, DType>, axis: 0 | 1) => void,
  nonEmpty = false,
): Reduction {
  return ((a: Reducible, axis?: 0 | 1, out?: Out) => {
    checkInput(op, a);
    checkAxis(op, axis);
    if (axis === undefined) {
      if (nonEmpty && a.data.length === 0) throw new ShapeError(op, `cannot reduce an empty ${fmtShape(a)}`);
      return all(a.data);
    }
    if (!isMatrix(a)) throw new ShapeError(op, `axis ${axis} needs a matrix, got ${fmtShape(a)}`);
    if (nonEmpty && (axis === 0 ? a.rows : a.cols) === 0) {
      throw new ShapeError(op, `cannot reduce an empty axis ${axis} of ${fmtShape(a)}`);
    }
    const s = axis === 0 ? vec(axis0, op, a, out) : col(axis1, op, a, out);
    finish?.(s, a, axis);
    return s;
  }) as Reduction;
}

/**
 * Sum over an axis, or of everything.
 * @example
 * ```ts
 * const dY = zeros(100, 10);
 * const db = sum(dY, 0); // Matrix<100, 10> -> Vector<10>
 * ```
 */
export const sum: Reduction = reduction("sum", (x) => k.sumAll(x, x.length), k.sumAxis0, k.sumAxis1);

/** Mean over an axis, or of everything. */
export const mean: Reduction = reduction(
  "mean",
  (x) => (x.length === 0 ? NaN : k.sumAll(x, x.length) / x.length),
  k.sumAxis0,
  k.sumAxis1,
  // The sums divided in place by the count along the axis.
  (s, a, axis) => divScalar(s.data, s.data, axis === 0 ? a.rows : a.cols, s.data.length, false),
);

/** Maximum over an axis, or of everything. NaN propagates, as in NumPy. */
export const max: Reduction = reduction("max", (x) => k.maxAll(x, x.length), k.maxAxis0, k.maxAxis1, undefined, true);

/**
 * Minimum over an axis, or of everything. NaN propagates, as in NumPy.
 * @example
 * ```ts
 * const m = fromArray([[3, 1], [2, 5]]);
 * const colMin = min(m, 0); // Vector<2>: [2, 1]
 * ```
 */
export const min: Reduction = reduction(
  "min",
  (x) => sk.minAll(x, x.length),
  sk.minAxis0,
  sk.minAxis1,
  undefined,
  true,
);

/**
 * The column index of each row's minimum (first on ties; a NaN counts as the minimum), as integers.
 * @example
 * ```ts
 * const m = fromArray([[3, 1], [2, 5]]);
 * const idx = argmin(m); // Int32Array [1, 0]
 * ```
 */
export function argmin<R extends number>(a: Matrix<R, number, DType>, out?: Int32Array): Int32Array {
  if (!isMatrix(a)) throw new TypeError("argmin: expected a Matrix");
  if (a.cols === 0) throw new ShapeError("argmin", `cannot take argmin of rows with no columns ${fmtShape(a)}`);
  const o = out ?? new Int32Array(a.rows);
  if (o.length !== a.rows) throw new ShapeError("argmin", `out has ${o.length} elements but a has ${a.rows} rows`);
  return sk.argminRows(o, a.data, a.rows, a.cols);
}

/** Options of `variance` and `std`: `ddof` (delta degrees of freedom, 0 = population, 1 = sample). */
export interface VarianceOptions<O> {
  ddof?: number;
  out?: O;
}

type SpreadOptions = VarianceOptions<Vector<number, DType> | Column<number, DType>>;

/**
 * The typed signature shared by variance and std: a Reduction whose last argument is
 * `{ ddof, out }` instead of `out`.
 * @example
 * ```ts
 * const spread: Spread = std;
 * const perColumn = spread(ones(3, 4), 0, { ddof: 1 }); // Vector<4>
 * ```
 */
export interface Spread {
  <R extends number, C extends number, D extends DType>(
    a: Matrix<R, C, D>,
    axis: 0,
    options?: VarianceOptions<Vector<NoInfer<C>, NoInfer<D>>>,
  ): Vector<C, D>;
  <R extends number, C extends number, D extends DType>(
    a: Matrix<R, C, D>,
    axis: 1,
    options?: VarianceOptions<Column<NoInfer<R>, NoInfer<D>>>,
  ): Column<R, D>;
  (a: Reducible, axis?: undefined, options?: { ddof?: number }): number;
}

function checkDdof(op: string, ddof: unknown, n: number, what: string): number {
  const d = ddof ?? 0;
  if (typeof d !== "number" || !Number.isInteger(d) || d < 0)
    throw new RangeError(`${op}: ddof must be a whole number >= 0, got ${String(d)}`);
  if (n - d <= 0) throw new ShapeError(op, `${what} has ${n} values, too few for ddof ${d}`);
  return d;
}

/**
 * Variance over an axis, or of everything: Σ(x − mean)² / (n − ddof), ddof 0 by default (NumPy's).
 * @example
 * ```ts
 * const m = fromArray([[1, 3], [5, 7]]);
 * const perRow = variance(m, 1); // Column<2>: [1, 1]
 * ```
 */
export const variance: Spread = ((a: Reducible, axis?: 0 | 1, options?: SpreadOptions) =>
  varianceOf("variance", a, axis, options)) as Spread;

/**
 * Standard deviation over an axis, or of everything: the square root of `variance`.
 * @example
 * ```ts
 * const m = fromArray([[1, 3], [5, 7]]);
 * const s = std(m); // √5
 * ```
 */
export const std: Spread = ((a: Reducible, axis?: 0 | 1, options?: SpreadOptions) => {
  const v = varianceOf("std", a, axis, options);
  if (typeof v === "number") return Math.sqrt(v);
  sqrtKernel(v.data, v.data, v.data.length);
  return v;
}) as Spread;

function varianceOf(
  op: string,
  a: Reducible,
  axis: 0 | 1 | undefined,
  options: SpreadOptions | undefined,
): Vector<number, DType> | Column<number, DType> | number {
  checkInput(op, a);
  checkAxis(op, axis);
  if (axis === undefined)
    return sk.varianceAll(a.data, a.data.length, checkDdof(op, options?.ddof, a.data.length, fmtShape(a)));
  if (!isMatrix(a)) throw new ShapeError(op, `axis ${axis} needs a matrix, got ${fmtShape(a)}`);
  const n = axis === 0 ? a.rows : a.cols;
  const ddof = checkDdof(op, options?.ddof, n, `each ${axis === 0 ? "column" : "row"} of ${fmtShape(a)}`);
  const kernel: Kernel =
    axis === 0
      ? (o, x, r, c) => sk.varianceAxis0(o, x, r, c, ddof)
      : (o, x, r, c) => sk.varianceAxis1(o, x, r, c, ddof);
  return axis === 0 ? vec(kernel, op, a, options?.out) : col(kernel, op, a, options?.out);
}

/**
 * log Σ eˣ over an axis, or of everything, computed stably (the max is taken out first), so
 * logits of ±1e4 do not overflow. `sub(x, logSumExp(x, 1))` is a row-wise log-softmax.
 * @example
 * ```ts
 * const logits = fromArray([[1000, 1000], [0, 0]]);
 * const lse = logSumExp(logits, 1); // Column<2>: [1000 + ln 2, ln 2]
 * ```
 */
export const logSumExp: Reduction = reduction(
  "logSumExp",
  (x) => sk.logSumExpAll(x, x.length),
  sk.logSumExpAxis0,
  sk.logSumExpAxis1,
);

type Kernel = (o: Float32Array | Float64Array, a: Float32Array | Float64Array, r: number, c: number) => unknown;
type Out = Vector<number, DType> | Column<number, DType> | undefined;

/** An axis-0 reduction into a row vector of a.cols. */
export function vec(kernel: Kernel, op: string, a: Matrix<number, number, DType>, out: Out): Vector<number, DType> {
  if (out !== undefined && isColumn(out)) {
    throw new ShapeError(op, `out is [${out.size}] (column) but a reduction over axis 0 is a row vector [${a.cols}]`);
  }
  const o = outVector(op, out, a.cols, a.dtype, [a.data]);
  kernel(o.data, a.data, a.rows, a.cols);
  return o;
}
/** An axis-1 reduction into a column vector of a.rows. */
export function col(kernel: Kernel, op: string, a: Matrix<number, number, DType>, out: Out): Column<number, DType> {
  if (out !== undefined && isVector(out)) {
    throw new ShapeError(op, `out is [${out.size}] but a reduction over axis 1 is a column [${a.rows}] (column)`);
  }
  const o = outColumn(op, out, a.rows, a.dtype, [a.data]);
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
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  axis?: 0 | 1,
  scale = 1,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkAxis("sumBackward", axis);
  if (!isMatrix(a)) throw new TypeError("sumBackward: a must be a Matrix");
  const o = outMatrix("sumBackward", out, a.rows, a.cols, a.dtype);
  const rows = a.rows,
    cols = a.cols,
    d = o.data;
  if (axis === undefined) {
    if (typeof dOut !== "number") throw new TypeError("sumBackward: the gradient of a full sum is a number");
    d.fill(dOut * scale);
    return o as Matrix<R, C, D>;
  }
  if (
    typeof dOut === "number" ||
    !(isVector(dOut) || (axis === 1 && isColumn(dOut))) ||
    dOut.size !== (axis === 0 ? cols : rows) ||
    dOut.dtype !== a.dtype
  ) {
    throw new ShapeError(
      "sumBackward",
      `dOut must be a ${a.dtype} vector of ${axis === 0 ? `a.cols (${cols})` : `a.rows (${rows})`} for axis ${axis}, got ${typeof dOut === "number" ? "a number" : fmtShape(dOut)}`,
    );
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
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  axis?: 0 | 1,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  return extremeBackward("maxBackward", dOut, a, axis, out, (x, y) => x > y);
}

/**
 * Backward of `min`: dOut goes to the first minimal element of each reduced run, zero elsewhere
 * (the tie rule of `maxBackward`, and the element `argmin` picks).
 * @example
 * ```ts
 * const dA = minBackward(onesVector(2), fromArray([[1, 5], [3, 2]]), 0); // [[1, 0], [0, 1]]
 * ```
 */
export function minBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  axis?: 0 | 1,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  return extremeBackward("minBackward", dOut, a, axis, out, (x, y) => x < y);
}

/** A reduction's per-run gradient (or output) as one array: dOut's data, or the number alone. */
type PerRun = Vector<number, DType> | Column<number, DType> | number;

function extremeBackward<R extends number, C extends number, D extends DType>(
  op: string,
  dOut: PerRun,
  a: Matrix<R, C, D>,
  axis: 0 | 1 | undefined,
  out: Matrix<number, number, DType> | undefined,
  better: (x: number, y: number) => boolean,
): Matrix<R, C, D> {
  const g = perRun(op, "dOut", dOut, a, axis);
  const o = outMatrix(op, out, a.rows, a.cols, a.dtype, [a.data]);
  const d = o.data,
    x = a.data;
  d.fill(0);
  forEachRun(a, axis, (r, start, step, n) => {
    // The first element no later one beats: the first of ties; a NaN is never beaten nor beats.
    let at = start;
    for (let t = 1; t < n; t++) if (better(x[start + t * step]!, x[at]!)) at = start + t * step;
    if (n > 0) d[at] = g[r]!;
  });
  return o as Matrix<R, C, D>;
}

/**
 * Calls f(r, start, step, n) for run r of a reduction over `axis`: the n elements
 * a[start + t·step] that make output r (axis 0: column r, axis 1: row r, none: everything).
 */
function forEachRun(
  a: Matrix<number, number, DType>,
  axis: 0 | 1 | undefined,
  f: (r: number, start: number, step: number, n: number) => void,
): void {
  if (axis === undefined) f(0, 0, 1, a.data.length);
  else if (axis === 0) for (let j = 0; j < a.cols; j++) f(j, j, a.cols, a.rows);
  else for (let i = 0; i < a.rows; i++) f(i, i * a.cols, 1, a.cols);
}

/**
 * Checks that `v` (dOut, or the forward's output) fits a reduction of `a` over `axis` — a number
 * for none, a vector of a.cols for axis 0, a vector or column of a.rows for axis 1 — and returns
 * its values by run.
 */
function perRun(
  op: string,
  name: string,
  v: PerRun,
  a: Matrix<number, number, DType>,
  axis: 0 | 1 | undefined,
): ArrayLike<number> {
  checkAxis(op, axis);
  if (!isMatrix(a)) throw new TypeError(`${op}: a must be a Matrix`);
  if (axis === undefined) {
    if (typeof v !== "number") throw new TypeError(`${op}: ${name} of a reduction of everything is a number`);
    return [v];
  }
  const rows = a.rows,
    cols = a.cols;
  if (
    typeof v === "number" ||
    !(isVector(v) || (axis === 1 && isColumn(v))) ||
    v.size !== (axis === 0 ? cols : rows) ||
    v.dtype !== a.dtype
  ) {
    throw new ShapeError(
      op,
      `${name} must be a ${a.dtype} vector of ${axis === 0 ? `a.cols (${cols})` : `a.rows (${rows})`} for axis ${axis}, got ${typeof v === "number" ? "a number" : fmtShape(v)}`,
    );
  }
  return v.data;
}

/**
 * Backward of `logSumExp` from its output y: dA = dOut ⊙ e^(a − y), the softmax of each run
 * (each column for axis 0, each row for axis 1, everything for none) times its dOut.
 * @example
 * ```ts
 * const a = fromArray([[0, 0], [1, 1]], "f64");
 * const dA = logSumExpBackward(onesVector(2, "f64"), a, logSumExp(a, 0), 0); // columns [0.27, 0.73]
 * ```
 */
export function logSumExpBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  y: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  axis?: 0 | 1,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  const g = perRun("logSumExpBackward", "dOut", dOut, a, axis);
  const lse = perRun("logSumExpBackward", "y", y, a, axis);
  const o = outMatrix("logSumExpBackward", out, a.rows, a.cols, a.dtype, [a.data]);
  const d = o.data,
    x = a.data;
  forEachRun(a, axis, (r, start, step, n) => {
    const gr = g[r]!,
      yr = lse[r]!;
    for (let t = 0; t < n; t++) d[start + t * step] = gr * Math.exp(x[start + t * step]! - yr);
  });
  return o as Matrix<R, C, D>;
}

/**
 * Backward of `variance` (with the forward's `ddof`): dA = dOut · 2(a − mean) / (n − ddof) over
 * each run (each column for axis 0, each row for axis 1, everything for none).
 * @example
 * ```ts
 * const dA = varianceBackward(1, fromArray([[1, 3]], "f64")); // [[-1, 1]]
 * ```
 */
export function varianceBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  axis?: 0 | 1,
  ddof = 0,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  const g = perRun("varianceBackward", "dOut", dOut, a, axis);
  return spreadBackward("varianceBackward", a, axis, ddof, out, (r) => 2 * g[r]!);
}

/**
 * Backward of `std` from its output y (with the forward's `ddof`): dA = dOut · (a − mean) /
 * ((n − ddof) · y) over each run, and 0 for a run whose std is 0 (all its values equal, where
 * √ has no derivative: PyTorch's choice).
 * @example
 * ```ts
 * const dA = stdBackward(1, fromArray([[1, 3]], "f64"), 1); // [[-0.5, 0.5]]
 * ```
 */
export function stdBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  a: Matrix<R, C, D>,
  y: Vector<C, D> | Column<R, D> | Vector<R, D> | number,
  axis?: 0 | 1,
  ddof = 0,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  const g = perRun("stdBackward", "dOut", dOut, a, axis);
  const s = perRun("stdBackward", "y", y, a, axis);
  return spreadBackward("stdBackward", a, axis, ddof, out, (r) => (s[r] === 0 ? 0 : g[r]! / s[r]!));
}

/** dA = scale(r) · (a − mean) / (n − ddof) over each run r: variance's and std's shared backward. */
function spreadBackward<R extends number, C extends number, D extends DType>(
  op: string,
  a: Matrix<R, C, D>,
  axis: 0 | 1 | undefined,
  ddof: number,
  out: Matrix<number, number, DType> | undefined,
  scale: (r: number) => number,
): Matrix<R, C, D> {
  const o = outMatrix(op, out, a.rows, a.cols, a.dtype, [a.data]);
  const d = o.data,
    x = a.data;
  forEachRun(a, axis, (r, start, step, n) => {
    const k = scale(r) / (n - checkDdof(op, ddof, n, `a run of ${fmtShape(a)}`));
    let mean = 0;
    for (let t = 0; t < n; t++) mean += x[start + t * step]!;
    mean /= n;
    for (let t = 0; t < n; t++) d[start + t * step] = k * (x[start + t * step]! - mean);
  });
  return o as Matrix<R, C, D>;
}
