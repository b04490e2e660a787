// Matrix, Vector and Transposed carry their dims as real fields, so a Matrix<2, 3> is not a
// Matrix<3, 2>; `m.T` is a view only `dot` takes.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import {
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
expectType<Matrix<2, 3, "f32">>(new Matrix(new Float32Array(6), 2, 3));
// The constructor takes D from the context (or explicit type arguments), not from the array:
// ArrayOf<D> is a conditional type TypeScript cannot infer through. fromTypedArray infers it.
expectType<Matrix<2, 3, "f64">>(new Matrix(new Float64Array(6), 2, 3));
expectType<Matrix<2, 3, "f64">>(new Matrix<2, 3, "f64">(new Float64Array(6), 2, 3));
expectType<Vector<3, "f32">>(new Vector(new Float32Array(3), 3));

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
