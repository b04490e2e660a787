// Reductions: the literal axis picks the result, axis 0 -> Vector<C>, axis 1 -> Vector<R>,
// none -> number; argmax gives one integer per row.
import { expectError, expectType } from "tsd";
import { sum, mean, max, argmax, zerosVector, type Dim, type Matrix, type Vector } from "../..";

declare const dY: Matrix<100, 10>;
declare const d64: Matrix<100, 10, "f64">;
declare const dn: Matrix<number, 10>;
declare const db: Matrix<Dim<"batch">, 10>;
declare const v: Vector<7>;

expectType<Vector<10, "f32">>(sum(dY, 0));
expectType<Vector<100, "f32">>(sum(dY, 1));
expectType<number>(sum(dY));
expectType<number>(sum(v));
expectType<Vector<10, "f64">>(mean(d64, 0));
expectType<Vector<100, "f32">>(mean(dY, 1));
expectType<number>(mean(v));
expectType<Vector<10, "f32">>(max(dY, 0));
expectType<Vector<100, "f64">>(max(d64, 1));
expectType<number>(max(dY));
expectType<Vector<number, "f32">>(sum(dn, 1));
expectType<Vector<Dim<"batch">, "f32">>(max(db, 1));
expectType<Vector<10, "f32">>(sum(dY, 0, zerosVector(10)));
expectType<Int32Array>(argmax(dY));
expectType<Int32Array>(argmax(dn, new Int32Array(3)));

expectError(sum(dY, 2)); // no axis 2
expectError(sum(v, 0)); // a vector has no axis 0 to reduce to a vector
expectError(sum(dY, 0, zerosVector(100))); // wrong `out` size: axis 0 gives Vector<10>
expectError(mean(dY, 1, zerosVector(10))); // wrong `out` size: axis 1 gives Vector<100>
expectError(max(dY, 0, zerosVector(10, "f64"))); // wrong `out` dtype
expectError(argmax(v)); // argmax is per row of a matrix
expectError<Vector<100>>(sum(dY, 0)); // axis 0 is the column count
