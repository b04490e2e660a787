// assertShape, assertSize and assertDType narrow checked run-time facts into the types.
import { expectError, expectType } from "tsd";
import { assertShape, assertSize, assertDType, dot, zeros, type DType, type Matrix, type Vector } from "../..";

declare const W: Matrix<784, 50>;

// A matrix of unknown dims (read from a file, say) becomes static after the check.
declare const loaded: Matrix<number, number>;
expectError(dot(zeros(100, 784), loaded)); // before the check: a static product refuses `number` rows
assertShape(loaded, 784, 50);
expectType<Matrix<784, 50, "f32">>(loaded);
expectType<Matrix<100, 50, "f32">>(dot(zeros(100, 784), loaded));

// The dtype survives the narrowing.
declare const loaded64: Matrix<number, number, "f64">;
assertShape(loaded64, 2, 3);
expectType<Matrix<2, 3, "f64">>(loaded64);

// Vectors.
declare const b: Vector<number>;
assertSize(b, 50);
expectType<Vector<50, "f32">>(b);

// The dtype of a matrix read as either.
declare const either: Matrix<10, 10, DType>;
assertDType(either, "f64");
expectType<Matrix<10, 10, "f64">>(either);

// Negative cases, one per line.
declare const v: Vector<number>;
expectError(assertShape(v, 1, 2)); // assertShape takes a matrix
expectError(assertSize(W, 784)); // assertSize takes a vector
expectError(assertShape(W, "784", 50)); // sizes are numbers
expectError(assertDType(W, "f16")); // unknown dtype
