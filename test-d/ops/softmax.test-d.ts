// softmax keeps its matrix's type; softmaxBackward needs dOut and y of the same type.
import { expectError, expectType } from "tsd";
import { softmax, softmaxBackward, zeros, type Dim, type Matrix, type Vector } from "../..";

declare const z: Matrix<100, 10>;
declare const z64: Matrix<100, 10, "f64">;
declare const zn: Matrix<number, 10>;
declare const zb: Matrix<Dim<"batch">, 10>;
declare const v: Vector<10>;

expectType<Matrix<100, 10, "f32">>(softmax(z));
expectType<Matrix<100, 10, "f64">>(softmax(z64));
expectType<Matrix<number, 10, "f32">>(softmax(zn));
expectType<Matrix<Dim<"batch">, 10, "f32">>(softmax(zb));
expectType<Matrix<100, 10, "f32">>(softmax(z, z));
expectType<Matrix<100, 10, "f32">>(softmaxBackward(z, softmax(z)));

expectError(softmax(v)); // per row: a matrix only
expectError(softmax(z, zeros(10, 100))); // wrong `out` shape
expectError(softmax(z, z64)); // wrong `out` dtype
expectError(softmaxBackward(z, zeros(100, 11))); // y's shape must be dOut's
expectError(softmaxBackward(z, z64)); // f32 vs f64
expectError(softmaxBackward(zb, zeros(100, 10))); // a static y for a Dim<"batch"> dOut
