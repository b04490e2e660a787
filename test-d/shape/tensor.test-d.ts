// Matrix, Vector and Transposed carry their dims as real fields, so a Matrix<2, 3> is not a
// Matrix<3, 2>; `m.T` is a view only `dot` takes.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import {
  Column,
  Matrix,
  Vector,
  Transposed,
  add,
  dot,
  zeros,
  zerosVector,
  type Dim,
  type DType,
  type MatrixLike,
  type Tensor,
} from "../..";

declare const m: Matrix<2, 3>;
declare const m64: Matrix<2, 3, "f64">;
declare const v: Vector<3>;

expectType<2>(m.rows);
expectType<3>(m.cols);
expectType<"f32">(m.dtype);
expectType<"matrix">(m.kind);
expectType<Float32Array>(m.data);
expectType<Float64Array>(m64.data);
expectType<3>(v.size);
expectType<Transposed<3, 2, "f32">>(m.T);
expectType<3>(m.T.rows);
expectType<Matrix<2, 3, "f32">>(m.T.T);
expectType<number>(m.get(0, 1));
expectType<number[][]>(m.toArray());
expectType<number[]>(v.toArray());
expectType<string>(m.toString());

// The constructors read the dtype off the array (issue 11). Each result is bound to a const
// first: inside expectType<T>(...) the expected type is a context that would supply D by itself.
const newM64 = new Matrix(new Float64Array(6), 2, 3);
const newM32 = new Matrix(new Float32Array(6), 2, 3);
const newV64 = new Vector(new Float64Array(3), 3);
const newV32 = new Vector(new Float32Array(3), 3);
const newC64 = new Column(new Float64Array(2), 2);
const newC32 = new Column(new Float32Array(2), 2);
expectType<Matrix<2, 3, "f64">>(newM64);
expectType<Matrix<2, 3, "f32">>(newM32);
expectType<Vector<3, "f64">>(newV64);
expectType<Vector<3, "f32">>(newV32);
expectType<Column<2, "f64">>(newC64);
expectType<Column<2, "f32">>(newC32);
// Explicit type arguments still work, and are still checked against the array.
const explicitM64 = new Matrix<2, 3, "f64">(new Float64Array(6), 2, 3);
const explicitV64 = new Vector<3, "f64">(new Float64Array(3), 3);
const explicitC64 = new Column<3, "f64">(new Float64Array(3), 3);
expectType<Matrix<2, 3, "f64">>(explicitM64);
expectType<Vector<3, "f64">>(explicitV64);
expectType<Column<3, "f64">>(explicitC64);
expectError(new Matrix<2, 3, "f64">(new Float32Array(6), 2, 3));
expectError(new Matrix<2, 3, "f32">(new Float64Array(6), 2, 3));
expectError(new Vector<3, "f64">(new Float32Array(3), 3));
expectError(new Column<3, "f64">(new Float32Array(3), 3));
// An f64 result does not mix with an f32 tensor.
expectError(add(newM64, newM32));
expectError(add(newM32, newM64));
expectError(add(newM64, newV32));
expectError(add(newM64, newC32));
expectType<Matrix<2, 3, "f64">>(add(add(newM64, newV64), newC64));
// A context still decides D where the array alone cannot: a result declared f64 is f64.
const declared64: Matrix<2, 3, "f64"> = new Matrix(new Float64Array(6), 2, 3);
expectType<Matrix<2, 3, "f64">>(declared64);
// An array of either dtype (not known statically) is refused: no dtype to give the result.
declare const eitherArray: Float32Array | Float64Array;
expectError(new Matrix(eitherArray, 2, 3));

// `instanceof` narrows as it did for the classes: the constructors declare their prototype.
declare const anyTensor: Tensor<"f64">;
if (anyTensor instanceof Matrix) expectType<Matrix<number, number, "f64">>(anyTensor);
if (anyTensor instanceof Vector) expectType<Vector<number, "f64">>(anyTensor);
if (anyTensor instanceof Column) expectType<Column<number, "f64">>(anyTensor);
declare const something: unknown;
if (something instanceof Matrix) expectType<Matrix<any, any, any>>(something);

// The dims are structural: no matrix is assignable to one of other dims or dtype.
expectNotAssignable<Matrix<3, 2>>(m);
expectNotAssignable<Matrix<2, 3, "f64">>(m);
expectNotAssignable<Vector<6>>(m);
expectAssignable<Matrix<number, number>>(m); // a static matrix is a dynamic one
expectAssignable<MatrixLike<3, 2>>(m.T);
expectAssignable<Tensor>(m);
expectAssignable<Tensor>(v);
expectNotAssignable<Tensor<"f64">>(m);

expectError((m.rows = 4)); // readonly
expectError(add(m.T, m.T)); // a transposed view is not a Matrix: transpose() materializes
expectError(new Matrix(new Int8Array(6), 2, 3)); // float storage only
expectError(zeros(2, 3).T.data); // a view has no data of its own

// User-written generic helpers (README "Writing your own typed functions").
declare const X: Matrix<100, 784>;
declare const W1: Matrix<784, 50>;
declare const b1: Vector<50>;
declare const b2: Vector<10>;
declare const Xb: Matrix<Dim<"batch">, 784>;
declare const Xn: Matrix<number, 784>;
// The safe pattern: each dim inferred from one parameter, NoInfer everywhere else.
function affine<B extends number, I extends number, O extends number, D extends DType>(
  x: Matrix<B, I, D>,
  w: Matrix<NoInfer<I>, O, NoInfer<D>>,
  b: Vector<NoInfer<O>, NoInfer<D>>,
): Matrix<B, O, D> {
  return add(dot(x, w), b);
}
expectType<Matrix<100, 50, "f32">>(affine(X, W1, b1));
expectType<Matrix<Dim<"batch">, 50, "f32">>(affine(Xb, W1, b1)); // symbolic dims pass through
expectType<Matrix<number, 50, "f32">>(affine(Xn, W1, b1)); // dynamic dims pass through
expectError(affine(X, W1, b2)); // a bias of 10 for a layer of 50
expectError(affine(X, zeros(50, 50), b1)); // inner dims 784 vs 50
expectError(affine(X, zeros(784, 50, "f64"), zerosVector(50, "f64"))); // f32 input, f64 weights
// The naive helper (no NoInfer) infers a union and accepts the mistake: the library's types
// cannot refuse it (see the README), so this pins what TypeScript does with it today.
function naiveAffine<B extends number, I extends number, O extends number>(
  x: Matrix<B, I>,
  w: Matrix<I, O>,
  b: Vector<O>,
) {
  return add(dot(x, w), b);
}
expectType<Matrix<100, 10 | 50, "f32">>(naiveAffine(X, W1, b2));
