// Activations keep their operand's type; each backward takes dOut and the forward's cache of
// exactly the same type.
import { expectError, expectType } from "tsd";
import {
  sigmoid,
  sigmoidBackward,
  sigmoidGrad,
  relu,
  reluBackward,
  reluGrad,
  tanh,
  tanhBackward,
  tanhGrad,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

declare const a1: Matrix<100, 50>;
declare const a2: Matrix<100, 10>;
declare const a64: Matrix<100, 50, "f64">;
declare const v: Vector<50>;
declare const an: Matrix<number, 50>;
declare const ab: Matrix<Dim<"batch">, 50>;
declare const at: Matrix<Dim<"test">, 50>;

expectType<Matrix<100, 50, "f32">>(sigmoid(a1));
expectType<Matrix<100, 50, "f32">>(sigmoidBackward(a1, sigmoid(a1)));
expectType<Matrix<100, 50, "f32">>(sigmoidGrad(a1));
expectType<Matrix<100, 50, "f64">>(relu(a64));
expectType<Matrix<100, 50, "f64">>(reluBackward(a64, a64));
expectType<Vector<50, "f32">>(reluGrad(v));
expectType<Matrix<100, 50, "f32">>(tanh(a1, a1));
expectType<Matrix<100, 50, "f32">>(tanhBackward(a1, a1));
expectType<Matrix<100, 50, "f32">>(tanhGrad(a1));
expectType<Matrix<number, 50, "f32">>(sigmoid(an));
expectType<Matrix<number, 50, "f32">>(sigmoidBackward(an, an));
expectType<Matrix<Dim<"batch">, 50, "f32">>(relu(ab));

expectError(sigmoidBackward(a1, a2)); // the cache is another layer's: [100, 10] vs [100, 50]
expectError(reluBackward(a1, a64)); // f32 vs f64
expectError(tanhBackward(ab, at)); // symbolic label mismatch
expectError(relu(a1, a2)); // wrong `out` shape
expectError(sigmoidGrad(a1, v)); // a vector `out` for a matrix
expectError(tanh(a1, a64)); // wrong `out` dtype
