import { expectError, expectType } from "tsd";
import {
  activationBackward,
  activationForward,
  dim,
  zeros,
  type Activation,
  type ActivationCache,
  type Dim,
  type Matrix,
} from "../..";

const a1 = zeros(100, 50);
const h = activationForward("sigmoid", a1);
expectType<Matrix<100, 50, "f32">>(h.out);
expectType<ActivationCache<100, 50, "f32">>(h.cache);
expectType<Matrix<100, 50, "f32">>(activationBackward(zeros(100, 50), h.cache));
expectType<Matrix<3, 4, "f64">>(activationForward("relu", zeros(3, 4, "f64")).out);
expectType<Matrix<3, 4, "f32">>(activationForward("tanh", zeros(3, 4)).out);
expectType<Matrix<3, 4, "f32">>(activationForward("relu", zeros(3, 4)).out);

// The output layer's cache given to the hidden layer's backward.
const top = activationForward("sigmoid", zeros(100, 10));
expectError(activationBackward(zeros(100, 50), top.cache));
expectError(activationBackward(zeros(100, 50, "f64"), h.cache));
expectError(activationForward("softplus", a1));
// The names come from the activation table: exactly these three.
expectType<"sigmoid" | "relu" | "tanh">(null as unknown as Activation);

// `number` (dynamic) and symbolic batches: they flow through forward and backward, and a cache of
// a static batch serves a dynamic dOut (checked at run time).
declare const n: number;
declare const batch: Dim<"batch">;
const dyn = activationForward("relu", zeros(n, 50));
expectType<Matrix<number, 50, "f32">>(dyn.out);
expectType<ActivationCache<number, 50, "f32">>(dyn.cache);
expectType<Matrix<number, 50, "f32">>(activationBackward(zeros(n, 50), dyn.cache));
expectType<Matrix<number, 50, "f32">>(activationBackward(zeros(n, 50), h.cache));
expectType<Matrix<number, number, "f64">>(activationForward("tanh", zeros(n, n, "f64")).out);
expectType<Matrix<Dim<"batch">, 50, "f32">>(activationForward("sigmoid", zeros(batch, 50)).out);
// A dynamic batch does not excuse the wrong width, nor another symbolic batch's cache.
expectError(activationBackward(zeros(n, 10), h.cache));
expectError(activationBackward(zeros(dim("test", 8), 50), activationForward("sigmoid", zeros(batch, 50)).cache));
