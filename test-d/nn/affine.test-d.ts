import { expectError, expectType } from "tsd";
import {
  affineBackward,
  affineForward,
  zeros,
  zerosVector,
  type AffineCache,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

const X = zeros(100, 784);
const W1 = zeros(784, 50);
const b1 = zerosVector(50);
const W2 = zeros(50, 10);
const b2 = zerosVector(10);

const l1 = affineForward(X, W1, b1);
expectType<Matrix<100, 50, "f32">>(l1.out);
expectType<AffineCache<100, 784, 50, "f32">>(l1.cache);
const l2 = affineForward(l1.out, W2, b2);
expectType<Matrix<100, 10, "f32">>(l2.out);

const g2 = affineBackward(zeros(100, 10), l2.cache);
expectType<Matrix<100, 50, "f32">>(g2.dX);
expectType<Matrix<50, 10, "f32">>(g2.dW);
expectType<Vector<10, "f32">>(g2.db);
const g1 = affineBackward(g2.dX, l1.cache, { skipDX: true });
expectType<undefined>(g1.dX);
expectType<Matrix<784, 50, "f32">>(g1.dW);

// Dynamic and symbolic batches flow through.
declare const batch: Dim<"batch">;
expectType<Matrix<Dim<"batch">, 50, "f32">>(affineForward(zeros(batch, 784), W1, b1).out);
expectType<Matrix<number, 50, "f32">>(affineForward(zeros(100 as number, 784), W1, b1).out);
expectType<Matrix<2, 3, "f64">>(affineForward(zeros(2, 4, "f64"), zeros(4, 3, "f64"), zerosVector(3, "f64")).out);

// Layer 2's cache handed to layer 1's backward.
expectError(affineBackward(g2.dX, l2.cache));
// A bias of the hidden size on the output layer.
expectError(affineForward(l1.out, W2, b1));
// Weights of the other layer.
expectError(affineForward(X, W2, b1));
// A dOut of the wrong batch or width.
expectError(affineBackward(zeros(99, 10), l2.cache));
expectError(affineBackward(zeros(100, 50), l2.cache));
// Mixed dtypes.
expectError(affineForward(X, zeros(784, 50, "f64"), b1));
// An out buffer of the wrong shape.
expectError(affineForward(X, W1, b1, zeros(100, 10)));
