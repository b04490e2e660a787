import { expectError, expectType } from "tsd";
import {
  activationBackward, activationForward, reluForward, sigmoidForward, tanhForward, zeros, type ActivationCache, type Matrix,
} from "../..";

const a1 = zeros(100, 50);
const h = sigmoidForward(a1);
expectType<Matrix<100, 50, "f32">>(h.out);
expectType<ActivationCache<100, 50, "f32">>(h.cache);
expectType<Matrix<100, 50, "f32">>(activationBackward(zeros(100, 50), h.cache));
expectType<Matrix<3, 4, "f64">>(reluForward(zeros(3, 4, "f64")).out);
expectType<Matrix<3, 4, "f32">>(tanhForward(zeros(3, 4)).out);
expectType<Matrix<3, 4, "f32">>(activationForward("relu", zeros(3, 4)).out);

// The output layer's cache given to the hidden layer's backward.
const top = sigmoidForward(zeros(100, 10));
expectError(activationBackward(zeros(100, 50), top.cache));
expectError(activationBackward(zeros(100, 50, "f64"), h.cache));
expectError(activationForward("softplus", a1));
