// Creation ops keep literal sizes literal (const type parameters), give `number` for dynamic
// sizes, carry a Dim's label, and pick the dtype from the argument or the typed array.
import { expectError, expectType } from "tsd";
import {
  zeros,
  zerosVector,
  ones,
  onesVector,
  full,
  fullVector,
  eye,
  fromArray,
  vectorFromArray,
  fromTypedArray,
  vectorFromTypedArray,
  randn,
  uniform,
  rng,
  dim,
  add,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

const g = rng(0);
declare const n: number;
const batch = dim("batch", 32);

expectType<Matrix<100, 784, "f32">>(zeros(100, 784));
expectType<Matrix<100, 784, "f64">>(zeros(100, 784, "f64"));
expectType<Matrix<number, 784, "f32">>(zeros(n, 784));
expectType<Matrix<Dim<"batch">, 784, "f32">>(zeros(batch, 784));
expectType<Vector<50, "f32">>(zerosVector(50));
expectType<Vector<50, "f64">>(zerosVector(50, "f64"));
expectType<Vector<number, "f32">>(zerosVector(n));

// With no dtype argument the dtype is "f32" whatever the context wants: the array made at run time
// is a Float32Array, so a context asking for "f64" is an error, not an "f64" type over f32 data.
expectError<Matrix<2, 3, "f64">>(zeros(2, 3));
expectError<Vector<3, "f64">>(zerosVector(3));
expectError<Matrix<2, 3, "f64">>(ones(2, 3));
expectError<Vector<3, "f64">>(onesVector(3));
expectError<Matrix<2, 3, "f64">>(full(2, 3, 1));
expectError<Vector<3, "f64">>(fullVector(3, 1));
expectError<Matrix<2, 2, "f64">>(eye(2));
expectError<Matrix<1, 1, "f64">>(fromArray([[1]]));
expectError<Vector<1, "f64">>(vectorFromArray([1]));
expectError<Matrix<2, 3, "f64">>(randn(g, 2, 3));
expectError<Matrix<2, 3, "f64">>(uniform(g, 2, 3));
declare const m64: Matrix<2, 3, "f64">;
expectError(add(m64, zeros(2, 3))); // compiled before, then threw "add: dtype f64 and f32 do not mix"
expectType<Matrix<2, 3, "f64">>(add(m64, zeros(2, 3, "f64")));
expectType<Matrix<2, 3, "f32">>(ones(2, 3));
expectType<Vector<4, "f64">>(onesVector(4, "f64"));
expectType<Matrix<2, 3, "f32">>(full(2, 3, 0.5));
expectType<Vector<7, "f32">>(fullVector(7, -1));
expectType<Matrix<3, 3, "f32">>(eye(3));
expectType<Matrix<number, number, "f64">>(eye(n, "f64"));
expectType<Matrix<2, 3, "f32">>(
  fromArray([
    [1, 2, 3],
    [4, 5, 6],
  ]),
);
expectType<Matrix<1, 1, "f64">>(fromArray([[1]], "f64"));
expectType<Matrix<0, 0, "f32">>(fromArray([]));
declare const rows: number[][];
expectType<Matrix<number, number, "f32">>(fromArray(rows));
expectType<Vector<3, "f32">>(vectorFromArray([1, 2, 3]));
declare const vals: number[];
expectType<Vector<number, "f32">>(vectorFromArray(vals));
expectType<Matrix<2, 3, "f32">>(fromTypedArray(new Float32Array(6), 2, 3));
expectType<Matrix<2, 3, "f64">>(fromTypedArray(new Float64Array(6), 2, 3));
expectType<Vector<number, "f32">>(vectorFromTypedArray(new Float32Array(6)));
expectType<Vector<6, "f64">>(vectorFromTypedArray(new Float64Array(6), 6));
expectType<Matrix<784, 50, "f32">>(randn(g, 784, 50, 0.01));
expectType<Matrix<784, 50, "f64">>(randn(g, 784, 50, 0.01, "f64"));
expectType<Matrix<2, 2, "f32">>(uniform(g, 2, 2, -1, 1));

// Negative cases, one per line.
expectError(zeros(2, 3, "f16")); // unknown dtype
expectError(zeros("2", 3)); // a size is a number
expectError(zeros(2)); // a matrix needs two sizes
expectError(fromArray([1, 2, 3])); // nested arrays, not a flat one
expectError(fromArray([["a"]])); // numbers only
expectError(fromTypedArray(new Int32Array(6), 2, 3)); // float arrays only
expectError(fromTypedArray([1, 2], 1, 2)); // a plain array is fromArray's job
expectError(randn(784, 50)); // randn needs a seeded generator first: never Math.random
expectError(uniform(Math.random, 2, 2)); // Math.random is not a generator
expectError<Matrix<3, 2>>(zeros(2, 3)); // sizes are part of the type
