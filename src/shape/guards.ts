// Type guards that also accept a tensor from a second copy of the library (an ESM and a CJS
// build load two classes, so instanceof alone would fail across them): the `kind` tag decides.
import type { DType } from "./dtype.js";
import type { Column, Matrix, Transposed, Vector } from "./tensor.js";

function kindOf(x: unknown): unknown {
  return typeof x === "object" && x !== null ? (x as { kind?: unknown }).kind : undefined;
}
/** True for any Matrix. */
export function isMatrix(x: unknown): x is Matrix<number, number, DType> {
  return kindOf(x) === "matrix";
}
/** True for any Column (column vector). */
export function isColumn(x: unknown): x is Column<number, DType> {
  return kindOf(x) === "column";
}
/** True for any Vector (row vector). */
export function isVector(x: unknown): x is Vector<number, DType> {
  return kindOf(x) === "vector";
}
/** True for a transposed view (`m.T`). */
export function isTransposed(x: unknown): x is Transposed<number, number, DType> {
  return kindOf(x) === "transposed";
}
