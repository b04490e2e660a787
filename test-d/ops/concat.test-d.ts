// concat/stack: the joined dim is `number` or declared; the other dim must agree, inferred from
// the first part alone so a mismatch is an error rather than a union.
import { expectError, expectType } from "tsd";
import { concat, stack, zeros, zerosVector, type Matrix } from "../..";

declare const a: Matrix<2, 3>;
declare const b: Matrix<4, 3>;
declare const c: Matrix<2, 5>;
expectType<Matrix<number, 3, "f32">>(concat([a, b], 0));
expectType<Matrix<6, 3, "f32">>(concat([a, b], 0, 6));
expectType<Matrix<2, number, "f32">>(concat([a, c], 1));
expectType<Matrix<2, 8, "f32">>(concat([a, c], 1, 8));
expectType<Matrix<number, 3, "f32">>(concat([a, b, a], 0));
expectType<Matrix<number, 4, "f32">>(stack([zerosVector(4), zerosVector(4)], 0));
expectType<Matrix<2, 4, "f32">>(stack([zerosVector(4), zerosVector(4)], 0, 2));
expectType<Matrix<4, number, "f32">>(stack([zerosVector(4), zerosVector(4)], 1));

expectError(concat([a, c], 0)); // stacking rows needs equal column counts: 3 vs 5
expectError(concat([a, b], 1)); // side by side needs equal row counts: 2 vs 4
expectError(concat([a, zeros(4, 3, "f64")], 0)); // f32 and f64
expectError(concat([a, b], 2)); // no axis 2
expectError(concat([], 0)); // at least one part
expectError(stack([zerosVector(4), zerosVector(5)], 0)); // sizes differ
