// Creation ops. `const` type parameters keep literal sizes literal: `zeros(100, 784)` is a
// `Matrix<100, 784>`, while `zeros(n, 784)` with `n: number` is a `Matrix<number, 784>`.
import { allocate, isDType, type ArrayOf, type DType } from "../shape/dtype.js";
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
function checkDType(op: string, dtype: unknown): void {
  if (dtype !== undefined && !isDType(dtype)) throw new TypeError(`${op}: dtype must be "f32" or "f64", got ${String(dtype)}`);
}

/**
 * A matrix of zeros (float32 unless `dtype` is "f64").
 * @example
 * const W = zeros(784, 50); // Matrix<784, 50, "f32">
 */
export function zeros<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R, cols: C, dtype?: D,
): Matrix<R, C, D> {
  checkSizes("zeros", ["rows", rows], ["cols", cols]);
  checkDType("zeros", dtype);
  return new Matrix(allocate((dtype ?? "f32") as D, rows * cols), rows, cols);
}

/** A vector of zeros. @example const b = zerosVector(50); // Vector<50, "f32"> */
export function zerosVector<const N extends number, D extends DType = "f32">(size: N, dtype?: D): Vector<N, D> {
  checkSizes("zerosVector", ["size", size]);
  checkDType("zerosVector", dtype);
  return new Vector(allocate((dtype ?? "f32") as D, size), size);
}

/** A matrix filled with `value`. @example const m = full(2, 3, 0.5); // Matrix<2, 3, "f32"> */
export function full<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R, cols: C, value: number, dtype?: D,
): Matrix<R, C, D> {
  if (typeof value !== "number") throw new TypeError(`full: value must be a number, got ${typeof value}`);
  const m = zeros(rows, cols, dtype);
  m.data.fill(value);
  return m;
}

/** A vector filled with `value`. */
export function fullVector<const N extends number, D extends DType = "f32">(size: N, value: number, dtype?: D): Vector<N, D> {
  if (typeof value !== "number") throw new TypeError(`fullVector: value must be a number, got ${typeof value}`);
  const v = zerosVector(size, dtype);
  v.data.fill(value);
  return v;
}

/** A matrix of ones. @example const m = ones(2, 3); // Matrix<2, 3, "f32"> */
export function ones<const R extends number, const C extends number, D extends DType = "f32">(
  rows: R, cols: C, dtype?: D,
): Matrix<R, C, D> {
  return full(rows, cols, 1, dtype);
}

/** A vector of ones. */
export function onesVector<const N extends number, D extends DType = "f32">(size: N, dtype?: D): Vector<N, D> {
  return fullVector(size, 1, dtype);
}

/** The n × n identity. @example const I = eye(3); // Matrix<3, 3, "f32"> */
export function eye<const N extends number, D extends DType = "f32">(n: N, dtype?: D): Matrix<N, N, D> {
  const m = zeros(n, n, dtype);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/**
 * A matrix from nested arrays; literal arrays give literal dims.
 * @example
 * const m = fromArray([[1, 2, 3], [4, 5, 6]]); // Matrix<2, 3, "f32">
 */
export function fromArray<const A extends readonly (readonly number[])[], D extends DType = "f32">(
  rows: A, dtype?: D,
): Matrix<A["length"], A[0]["length"], D> {
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
  return new Matrix(data, r as A["length"], c as A[0]["length"]);
}

/** A vector from an array; a literal array gives a literal size. @example const v = vectorFromArray([1, 2, 3]); // Vector<3, "f32"> */
export function vectorFromArray<const A extends readonly number[], D extends DType = "f32">(
  values: A, dtype?: D,
): Vector<A["length"], D> {
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

type DTypeOfArray<A> = A extends Float64Array ? "f64" : "f32";

/**
 * Wraps a typed array (no copy) as a rows × cols matrix; its type picks the dtype.
 * @example
 * const X = fromTypedArray(new Float32Array(6), 2, 3); // Matrix<2, 3, "f32">
 */
export function fromTypedArray<A extends Float32Array | Float64Array, const R extends number, const C extends number>(
  data: A, rows: R, cols: C,
): Matrix<R, C, DTypeOfArray<A>> {
  checkSizes("fromTypedArray", ["rows", rows], ["cols", cols]);
  return new Matrix(data as unknown as ArrayOf<DTypeOfArray<A>>, rows, cols);
}

/** Wraps a typed array (no copy) as a vector. */
export function vectorFromTypedArray<A extends Float32Array | Float64Array, const N extends number = number>(
  data: A, size?: N,
): Vector<N, DTypeOfArray<A>> {
  const n = (size ?? data.length) as N;
  checkSizes("vectorFromTypedArray", ["size", n]);
  return new Vector(data as unknown as ArrayOf<DTypeOfArray<A>>, n);
}

/**
 * Normal samples with mean 0 and standard deviation `std`, from a seeded generator.
 * @example
 * const W = randn(rng(0), 784, 50, 0.01); // Matrix<784, 50, "f32">
 */
export function randn<const R extends number, const C extends number, D extends DType = "f32">(
  gen: Rng, rows: R, cols: C, std = 1, dtype?: D,
): Matrix<R, C, D> {
  const m = zeros(rows, cols, dtype);
  gen.fillNormal(m.data, 0, std);
  return m;
}

/** Uniform samples in [low, high) from a seeded generator. */
export function uniform<const R extends number, const C extends number, D extends DType = "f32">(
  gen: Rng, rows: R, cols: C, low = 0, high = 1, dtype?: D,
): Matrix<R, C, D> {
  if (!(low <= high)) throw new RangeError(`uniform: low (${low}) must not exceed high (${high})`);
  const m = zeros(rows, cols, dtype);
  gen.fillUniform(m.data, low, high);
  return m;
}
