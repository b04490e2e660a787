// The package root: one forward and backward pass of a two-layer network typed end to end from
// the public exports alone, and the kernels kept private.
import { expectError, expectType } from "tsd";
import * as tt from "..";
import {
  add,
  dim,
  dot,
  randn,
  rng,
  sigmoid,
  sigmoidBackward,
  softmax,
  sub,
  sum,
  takeRows,
  zeros,
  zerosVector,
  type Dim,
  type Matrix,
  type Vector,
} from "..";

const g = rng(7);
const batch = dim("batch", 100);
const X = takeRows(zeros(60000, 784), new Int32Array(batch), batch);
const W1 = randn(g, 784, 50, 0.01);
const b1 = zerosVector(50);
const W2 = randn(g, 50, 10, 0.01);
const b2 = zerosVector(10);

const z1 = sigmoid(add(dot(X, W1), b1));
const y = softmax(add(dot(z1, W2), b2));
expectType<Matrix<Dim<"batch">, 50, "f32">>(z1);
expectType<Matrix<Dim<"batch">, 10, "f32">>(y);
const dY = sub(y, zeros(batch, 10));
expectType<Matrix<50, 10, "f32">>(dot(z1.T, dY));
expectType<Vector<10, "f32">>(sum(dY, 0));
const dA1 = sigmoidBackward(dot(dY, W2.T), z1);
expectType<Matrix<784, 50, "f32">>(dot(X.T, dA1));
expectType<Vector<50, "f32">>(sum(dA1, 0));

expectError(dot(dY, W2)); // the classic backward slip: dY·W2 instead of dY·W2ᵀ
expectError(add(dot(X, W1), b2)); // layer 2's bias on layer 1
expectError(sigmoidBackward(dot(dY, W2.T), y)); // layer 2's cache on layer 1

// Kernels are not part of the public surface.
expectError(tt.gemmNN);
expectError(tt.allocate);
// Nor is the kernel setting (an environment variable and src/kernels/settings.ts).
expectError(tt.setGemmBackend);
expectError(tt.setKernelFamily);
