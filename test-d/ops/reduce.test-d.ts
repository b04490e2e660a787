// Reductions: the literal axis picks the result, axis 0 -> the row vector Vector<C>, axis 1 ->
// the column vector Column<R>, none -> number; argmax gives one integer per row.
import { expectError, expectType } from "tsd";
import {
  sum,
  mean,
  max,
  argmax,
  min,
  argmin,
  variance,
  std,
  logSumExp,
  toColumn,
  zerosVector,
  type Column,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

declare const dY: Matrix<100, 10>;
declare const d64: Matrix<100, 10, "f64">;
declare const dn: Matrix<number, 10>;
declare const db: Matrix<Dim<"batch">, 10>;
declare const v: Vector<7>;

expectType<Vector<10, "f32">>(sum(dY, 0));
expectType<Column<100, "f32">>(sum(dY, 1));
expectType<number>(sum(dY));
expectType<number>(sum(v));
expectType<Vector<10, "f64">>(mean(d64, 0));
expectType<Column<100, "f32">>(mean(dY, 1));
expectType<number>(mean(v));
expectType<Vector<10, "f32">>(max(dY, 0));
expectType<Column<100, "f64">>(max(d64, 1));
expectType<number>(max(dY));
expectType<Column<number, "f32">>(sum(dn, 1));
expectType<Column<Dim<"batch">, "f32">>(max(db, 1));
expectType<number>(sum(toColumn(v)));
expectType<Column<100, "f32">>(mean(dY, 1, toColumn(zerosVector(100))));
expectType<Vector<10, "f32">>(sum(dY, 0, zerosVector(10)));
expectType<Int32Array>(argmax(dY));
expectType<Int32Array>(argmax(dn, new Int32Array(3)));

expectError(sum(dY, 2)); // no axis 2
expectError(sum(v, 0)); // a vector has no axis 0 to reduce to a vector
expectError(sum(dY, 0, zerosVector(100))); // wrong `out` size: axis 0 gives Vector<10>
expectError(mean(dY, 1, toColumn(zerosVector(10)))); // wrong `out` size: axis 1 gives Column<100>
expectError(mean(dY, 1, zerosVector(100))); // a row vector `out` for a column result
expectError(max(dY, 0, zerosVector(10, "f64"))); // wrong `out` dtype
expectError(argmax(v)); // argmax is per row of a matrix
expectError<Vector<100>>(sum(dY, 0)); // axis 0 is the column count
expectError<Vector<100>>(sum(dY, 1)); // axis 1 gives a column, not a row vector

// The square case: both reductions have size 10, and the axis keeps them apart.
declare const P: Matrix<10, 10>;
expectError<Vector<10>>(sum(P, 1)); // row sums are a column
expectError<Column<10>>(sum(P, 0)); // column sums are a row vector

// min, argmin, variance, std, logSumExp follow the same axis rule.
expectType<Vector<10, "f32">>(min(dY, 0));
expectType<Column<100, "f32">>(min(dY, 1));
expectType<number>(min(dY));
expectType<Int32Array>(argmin(dY));
expectType<Vector<10, "f32">>(variance(dY, 0));
expectType<Column<100, "f64">>(variance(d64, 1, { ddof: 1 }));
expectType<number>(variance(dY));
expectType<number>(std(v, undefined, { ddof: 1 }));
expectType<Column<100, "f32">>(std(dY, 1));
expectType<Vector<10, "f32">>(logSumExp(dY, 0));
expectType<Column<100, "f32">>(logSumExp(dY, 1));
expectType<number>(logSumExp(v));
expectError(min(dY, 1, zerosVector(100))); // axis 1 gives a column
expectError(variance(dY, 0, { out: zerosVector(100) })); // wrong `out` size
expectError(logSumExp(v, 0)); // a vector has no axis 0
expectError(argmin(v)); // argmin is per row of a matrix
expectError<Vector<100>>(logSumExp(dY, 1)); // a column, not a row vector
