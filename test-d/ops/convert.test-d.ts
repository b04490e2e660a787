// astype is the explicit way across dtypes; toArray gives nested arrays for a matrix.
import { expectError, expectType } from "tsd";
import { astype, toArray, add, type Matrix, type Vector } from "../..";

declare const X: Matrix<100, 784>;
declare const X64: Matrix<100, 784, "f64">;
declare const v: Vector<3, "f64">;

expectType<Matrix<100, 784, "f64">>(astype(X, "f64"));
expectType<Matrix<100, 784, "f32">>(astype(X64, "f32"));
expectType<Vector<3, "f32">>(astype(v, "f32"));
expectType<Matrix<100, 784, "f64">>(add(astype(X, "f64"), X64)); // mixing works once converted
expectType<number[][]>(toArray(X));
expectType<number[]>(toArray(v));
expectType<number[][]>(X.toArray());

expectError(astype(X, "f16")); // unknown dtype
expectError(add(X, X64)); // without astype the dtypes do not mix
