// Creation ops. `const` type parameters keep literal sizes literal: `zeros(100, 784)` is a
// `Matrix<100, 784>`, while `zeros(n, 784)` with `n: number` is a `Matrix<number, 784>`.
// The result's dtype is `NoInfer<D>`: D comes from the `dtype` argument or defaults to "f32", never
// from what the context expects. Otherwise `add(m64, zeros(2, 3))` compiled (zeros typed "f64" from
// add's parameter) and threw at run time, since without a dtype argument the data is Float32Array.
import { allocate, checkDType, type ArrayOf, type DType } from "../shape/dtype.js";
import { sizeProblem } from "../shape/dim.js";
import { ShapeError } from "../shape/shape-error.js";
import { Matrix, Vector } from "../shape/tensor.js";
import type { Rng } from "../random/rng.js";

function checkSizes(op: string, ...sizes: [string, unknown][]): void {
  for (const [name, n] of sizes) {
    const p = sizeProblem(name, n);
    if (p) throw new RangeError(`${op}: ${p}`);
  }
}

/** A checked, zeroed matrix; errors name `op`, the function the caller called. */
function matrixOf<R extends number, C extends number, D extends DType>(
  op: string,
  rows: R,
  cols: C,
  dtype: D | undefined,
): Matrix<R, C, D> {
  checkSizes(op, ["rows", rows], ["cols", cols]);
  checkDType(op, dtype);
  return new Matrix(allocate((dtype ?? "f32") as D, rows * cols), rows, cols);
}
function vectorOf<N extends number, D extends DType>(op: string, size: N, dtype: D | undefined): Vector<N, D> {
  checkSizes(op, ["size", size]);
  checkDType(op, dtype);
  return new Vector(allocate((dtype ?? "f32") as D, size), size);
}

/**
 * A matrix of zeros (float32 unless `dtype` is "f64").
 * @example
 * ```ts
 * const W = zeros(784, 50); // Matrix<784, 50, "f32">
 * ```
 */
export function zeros<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R,
  cols: C,
  dtype?: D,
): Matrix<R, C, NoInfer<D>> {
  return matrixOf("zeros", rows, cols, dtype);
}

/**
 * A vector of zeros.
 * @example
 * ```ts
 * const b = zerosVector(50); // Vector<50, "f32">
 * ```
 */
export function zerosVector<const N extends number, D extends DType = "f32">(
  size: N,
  dtype?: D,
): Vector<N, NoInfer<D>> {
  return vectorOf("zerosVector", size, dtype);
}

/**
 * A matrix filled with `value`.
 * @example
 * ```ts
 * const m = full(2, 3, 0.5); // Matrix<2, 3, "f32">
 * ```
 */
export function full<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R,
  cols: C,
  value: number,
  dtype?: D,
): Matrix<R, C, NoInfer<D>> {
  if (typeof value !== "number") throw new TypeError(`full: value must be a number, got ${typeof value}`);
  const m = matrixOf("full", rows, cols, dtype);
  m.data.fill(value);
  return m;
}

/** A vector filled with `value`. */
export function fullVector<const N extends number, D extends DType = "f32">(
  size: N,
  value: number,
  dtype?: D,
): Vector<N, NoInfer<D>> {
  if (typeof value !== "number") throw new TypeError(`fullVector: value must be a number, got ${typeof value}`);
  const v = vectorOf("fullVector", size, dtype);
  v.data.fill(value);
  return v;
}

/**
 * A matrix of ones.
 * @example
 * ```ts
 * const m = ones(2, 3); // Matrix<2, 3, "f32">
 * ```
 */
export function ones<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R,
  cols: C,
  dtype?: D,
): Matrix<R, C, NoInfer<D>> {
  const m = matrixOf("ones", rows, cols, dtype);
  m.data.fill(1);
  return m;
}

/** A vector of ones. */
export function onesVector<const N extends number, D extends DType = "f32">(size: N, dtype?: D): Vector<N, NoInfer<D>> {
  const v = vectorOf("onesVector", size, dtype);
  v.data.fill(1);
  return v;
}

/**
 * The n × n identity.
 * @example
 * ```ts
 * const I = eye(3); // Matrix<3, 3, "f32">
 * ```
 */
export function eye<const N extends number, D extends DType = "f32">(n: N, dtype?: D): Matrix<N, N, NoInfer<D>> {
  const m = matrixOf("eye", n, n, dtype);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** The column count of a nested array type: its first row's length, 0 for `[]`. */
type ColsOf<A extends readonly (readonly number[])[]> = A extends readonly [] ? 0 : A[0]["length"];

/**
 * A matrix from nested arrays; literal arrays give literal dims.
 * @example
 * ```ts
 * const m = fromArray([[1, 2, 3], [4, 5, 6]]); // Matrix<2, 3, "f32">
 * ```
 */

export function fromArray<const A extends readonly (readonly number[])[], D extends DType = "f32">(
  rows: A,
  dtype?: D,
): Matrix<A["length"], ColsOf<A>, NoInfer<D>> {
  checkDType("fromArray", dtype);
  if (!Array.isArray(rows)) throw new TypeError("fromArray: expected an array of rows");
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0]?.length ?? 0);
  const data = allocate((dtype ?? "f32") as D, r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) throw new TypeError(`fromArray: row ${i} is not an array`);
    if (row.length !== c) throw new ShapeError("fromArray", `row ${i} has ${row.length} elements but row 0 has ${c}`);
    for (let j = 0; j < c; j++) {
      const x = row[j];
      if (typeof x !== "number") throw new TypeError(`fromArray: element [${i}, ${j}] is ${typeof x}, not a number`);
      data[i * c + j] = x;
    }
  }
  return new Matrix(data, r as A["length"], c as ColsOf<A>);
}

/**
 * A vector from an array; a literal array gives a literal size.
 * @example
 * ```ts
 * const v = vectorFromArray([1, 2, 3]); // Vector<3, "f32">
 * ```
 */
export function vectorFromArray<const A extends readonly number[], D extends DType = "f32">(
  values: A,
  dtype?: D,
): Vector<A["length"], NoInfer<D>> {
  checkDType("vectorFromArray", dtype);
  if (!Array.isArray(values)) throw new TypeError("vectorFromArray: expected an array");
  const data = allocate((dtype ?? "f32") as D, values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== "number") throw new TypeError(`vectorFromArray: element ${i} is ${typeof x}, not a number`);
    data[i] = x;
  }
  return new Vector(data, values.length as A["length"]);
}

/** The wrapping ops name themselves in the error rather than leaving it to the constructor. */
function checkData(op: string, data: unknown, length: number, shape: string): void {
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new TypeError(`${op}: data must be a Float32Array or Float64Array`);
  }
  if (data.length !== length) throw new ShapeError(op, `data has ${data.length} elements but ${shape} needs ${length}`);
}

function checkGenerator(op: string, gen: unknown): void {
  if (typeof (gen as Rng | undefined)?.fillNormal !== "function") {
    throw new TypeError(`${op}: expected a seeded generator from rng(seed)`);
  }
}

type DTypeOfArray<A> = A extends Float64Array ? "f64" : "f32";

/**
 * Wraps a typed array (no copy) as a rows × cols matrix; its type picks the dtype.
 * @example
 * ```ts
 * const X = fromTypedArray(new Float32Array(6), 2, 3); // Matrix<2, 3, "f32">
 * ```
 */
export function fromTypedArray<A extends Float32Array | Float64Array, const R extends number, const C extends number>(
  data: A,
  rows: R,
  cols: C,
): Matrix<R, C, DTypeOfArray<A>> {
  checkSizes("fromTypedArray", ["rows", rows], ["cols", cols]);
  checkData("fromTypedArray", data, rows * cols, `[${rows}, ${cols}]`);
  return new Matrix(data as unknown as ArrayOf<DTypeOfArray<A>>, rows, cols);
}

/** Wraps a typed array (no copy) as a vector. */
export function vectorFromTypedArray<A extends Float32Array | Float64Array, const N extends number = number>(
  data: A,
  size?: N,
): Vector<N, DTypeOfArray<A>> {
  const n = (size ?? data.length) as N;
  checkSizes("vectorFromTypedArray", ["size", n]);
  checkData("vectorFromTypedArray", data, n, `[${n}]`);
  return new Vector(data as unknown as ArrayOf<DTypeOfArray<A>>, n);
}

/**
 * Normal samples with mean 0 and standard deviation `std`, from a seeded generator.
 * @example
 * ```ts
 * const W = randn(rng(0), 784, 50, 0.01); // Matrix<784, 50, "f32">
 * ```
 */
export function randn<const R extends number, const C extends number, D extends DType = "f32">(
  gen: Rng,
  rows: R,
  cols: C,
  std = 1,
  dtype?: D,
): Matrix<R, C, NoInfer<D>> {
  checkGenerator("randn", gen);
  if (!(Number.isFinite(std) && std >= 0))
    throw new RangeError(`randn: std must be finite and not negative, got ${std}`);
  const m = matrixOf("randn", rows, cols, dtype);
  gen.fillNormal(m.data, 0, std);
  return m;
}

/** Uniform samples in [low, high) from a seeded generator. */
export function uniform<const R extends number, const C extends number, D extends DType = "f32">(
  gen: Rng,
  rows: R,
  cols: C,
  low = 0,
  high = 1,
  dtype?: D,
): Matrix<R, C, NoInfer<D>> {
  checkGenerator("uniform", gen);
  if (!(Number.isFinite(low) && Number.isFinite(high)))
    throw new RangeError(`uniform: low and high must be finite, got ${low} and ${high}`);
  if (!(low <= high)) throw new RangeError(`uniform: low (${low}) must not exceed high (${high})`);
  const m = matrixOf("uniform", rows, cols, dtype);
  gen.fillUniform(m.data, low, high);
  return m;
}
