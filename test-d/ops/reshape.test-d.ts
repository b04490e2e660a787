// reshape gives the asked dims (checked at run time: no arithmetic on sizes in types); flatten,
// asRow and asColumn keep the dtype.
import { expectError, expectType } from "tsd";
import { reshape, flatten, asRow, asColumn, type Matrix, type Vector } from "../..";

declare const px: Vector<784>;
declare const img: Matrix<28, 28, "f64">;
declare const vn: Vector<number>;

expectType<Matrix<28, 28, "f32">>(reshape(px, 28, 28));
expectType<Matrix<1, 784, "f64">>(reshape(img, 1, 784));
expectType<Matrix<number, 28, "f32">>(reshape(vn, vn.size / 28, 28));
expectType<Vector<number, "f64">>(flatten(img));
expectType<Matrix<1, 784, "f32">>(asRow(px));
expectType<Matrix<784, 1, "f32">>(asColumn(px));
expectType<Matrix<1, number, "f32">>(asRow(vn));

expectError(reshape(px, 28)); // two sizes
expectError(flatten(px)); // flatten takes a matrix
expectError(asRow(img)); // asRow takes a vector
expectError<Matrix<784, 1>>(asRow(px)); // a row is 1 × N
