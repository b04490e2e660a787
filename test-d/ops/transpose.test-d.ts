// transpose materializes: rows and cols swap, the dtype stays, and `out` must be the swapped shape.
import { expectError, expectType } from "tsd";
import { transpose, zeros, type Dim, type Matrix } from "../..";

declare const W: Matrix<784, 50>;
declare const W64: Matrix<784, 50, "f64">;
declare const Wn: Matrix<number, 50>;
declare const Wb: Matrix<Dim<"batch">, 50>;

expectType<Matrix<50, 784, "f32">>(transpose(W));
expectType<Matrix<50, 784, "f64">>(transpose(W64));
expectType<Matrix<784, 50, "f32">>(transpose(W.T)); // the transpose of a view is its base, copied
expectType<Matrix<50, number, "f32">>(transpose(Wn));
expectType<Matrix<50, Dim<"batch">, "f32">>(transpose(Wb));
expectType<Matrix<50, 784, "f32">>(transpose(W, zeros(50, 784)));

expectError(transpose(W, zeros(784, 50))); // wrong `out` shape: not swapped
expectError(transpose(W, zeros(50, 784, "f64"))); // wrong `out` dtype
expectError<Matrix<784, 50>>(transpose(W)); // the result is swapped
