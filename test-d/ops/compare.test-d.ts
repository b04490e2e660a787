// allClose compares two tensors of the same type.
import { expectError, expectType } from "tsd";
import { allClose, type Matrix, type Vector } from "../..";

declare const a: Matrix<2, 3>;
declare const a64: Matrix<2, 3, "f64">;
declare const v: Vector<6>;
declare const an: Matrix<number, number>;

expectType<boolean>(allClose(a, a));
expectType<boolean>(allClose(a, a, 1e-3, 1e-6));
expectType<boolean>(allClose(an, an));

expectError(allClose(a, a64)); // f32 vs f64: astype first
expectError(allClose(a, v)); // a matrix vs a vector
expectError(allClose(a, an)); // a static `a` needs a checked partner
