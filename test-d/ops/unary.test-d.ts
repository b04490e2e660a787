// exp, log, sqrt, map and clone keep their operand's exact type.
import { expectError, expectType } from "tsd";
import {
  exp,
  log,
  sqrt,
  map,
  clone,
  abs,
  pow,
  clip,
  toColumn,
  zeros,
  zerosVector,
  type Column,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

declare const m: Matrix<3, 4>;
declare const m64: Matrix<3, 4, "f64">;
declare const v: Vector<5>;
declare const mn: Matrix<number, number>;
declare const mb: Matrix<Dim<"batch">, 4>;

expectType<Matrix<3, 4, "f32">>(exp(m));
expectType<Matrix<3, 4, "f64">>(log(m64));
expectType<Vector<5, "f32">>(sqrt(v));
expectType<Matrix<3, 4, "f32">>(map(m, (x, i) => x * i));
expectType<Matrix<3, 4, "f32">>(clone(m));
expectType<Matrix<3, 4, "f32">>(exp(m, m)); // in place
expectType<Matrix<number, number, "f32">>(exp(mn));
expectType<Matrix<Dim<"batch">, 4, "f32">>(log(mb));

expectError(exp(m, zeros(4, 3))); // wrong `out` shape
expectError(exp(m, m64)); // wrong `out` dtype
expectError(sqrt(v, m)); // a matrix `out` for a vector
expectError(map(m, (x: string) => x)); // f maps numbers to numbers
expectError(exp(3)); // a number is not a tensor

// abs, pow, clip keep the operand's type.
expectType<Matrix<2, 3, "f32">>(abs(zeros(2, 3)));
expectType<Matrix<2, 3, "f64">>(pow(zeros(2, 3, "f64"), 2));
expectType<Vector<3, "f32">>(clip(zerosVector(3), 0, 1));
expectType<Column<3, "f32">>(abs(toColumn(zerosVector(3))));
expectError(pow(zeros(2, 3), zeros(2, 3))); // the exponent is a number
expectError(clip(zeros(2, 3), 0)); // clip needs lo and hi
expectError(abs(zeros(2, 3), zeros(3, 2))); // wrong `out` shape
