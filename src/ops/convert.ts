// Conversions between dtypes and to plain arrays. Mixing dtypes in an op is a compile error;
// astype is the explicit way across.
import { allocate, checkDType, type DType } from "../shape/dtype.js";
import { Column, Matrix, Vector } from "../shape/tensor.js";
import { isColumn, isMatrix, isVector } from "./check.js";

/**
 * A copy in another dtype.
 * @example
 * ```ts
 * const X = zeros(100, 784);
 * const X64 = astype(X, "f64"); // Matrix<100, 784, "f64">
 * ```
 */
export function astype<R extends number, C extends number, D2 extends DType>(
  a: Matrix<R, C, DType>,
  dtype: D2,
): Matrix<R, C, D2>;
export function astype<N extends number, D2 extends DType>(a: Vector<N, DType>, dtype: D2): Vector<N, D2>;
export function astype<N extends number, D2 extends DType>(a: Column<N, DType>, dtype: D2): Column<N, D2>;
export function astype(
  a: Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>,
  dtype: DType,
): Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType> {
  checkDType("astype", dtype, false);
  const data = allocate(dtype, a.data.length);
  data.set(a.data);
  if (isMatrix(a)) return new Matrix(data, a.rows, a.cols);
  if (isVector(a)) return new Vector(data, a.size);
  if (isColumn(a)) return new Column(data, a.size);
  throw new TypeError("astype: expected a Matrix, a Vector or a Column");
}

/** Nested arrays for a matrix, a plain array for a vector. */
export function toArray(a: Matrix<number, number, DType>): number[][];
export function toArray(a: Vector<number, DType> | Column<number, DType>): number[];
export function toArray(
  a: Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>,
): number[][] | number[] {
  return a.toArray();
}
