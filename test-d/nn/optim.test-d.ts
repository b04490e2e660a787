import { expectError, expectType } from "tsd";
import {
  adam,
  initMLP,
  initTwoLayer,
  momentum,
  rng,
  sgd,
  zeros,
  zerosLike,
  zerosVector,
  type Gradients,
  type Matrix,
  type TwoLayerParams,
  type Vector,
} from "../..";

const params = initTwoLayer(rng(0), 784, 50, 10);
const grads = zerosLike(params);
expectType<Gradients<TwoLayerParams<784, 50, 10, "f32">>>(grads);
expectType<Matrix<784, 50, "f32">>(grads.W1);
expectType<Vector<10, "f32">>(grads.b2);

sgd({ lr: 0.1 }).step(params, grads);
momentum({ lr: 0.1 }).step(params, grads);
const layers = initMLP(rng(0), [784, 128, 10] as const);
adam({ lr: 1e-3 }).step(layers, zerosLike(layers));

// A gradient of the wrong shape given to the update.
expectError(sgd({ lr: 0.1 }).step(params, { ...grads, W1: zeros(50, 784) }));
expectError(sgd({ lr: 0.1 }).step(params, { ...grads, b1: zerosVector(10) }));
expectError(adam({ lr: 0.1 }).step(params, { ...grads, W2: zeros(50, 10, "f64") }));
// A gradient record missing a parameter.
expectError(sgd({ lr: 0.1 }).step(params, { W1: grads.W1, b1: grads.b1, W2: grads.W2 }));
// An MLP's gradients with a layer of the wrong size.
expectError(adam({ lr: 1e-3 }).step(layers, zerosLike(initMLP(rng(0), [784, 64, 10] as const))));
// Something that is not a parameter tree.
expectError(sgd({ lr: 0.1 }).step({ lr: 0.1 }, { lr: 0.1 }));

// `number` (dynamic) cases: parameters of run-time sizes update with their own gradients, and a
// list of layers of unknown length too.
declare const n: number;
const dyn = initTwoLayer(rng(0), n, 50, 10);
sgd({ lr: 0.1 }).step(dyn, zerosLike(dyn));
expectType<Matrix<number, 50, "f32">>(zerosLike(dyn).W1);
declare const sizes: number[];
const deep = initMLP(rng(0), sizes);
adam({ lr: 1e-3 }).step(deep, zerosLike(deep));
// The static dims of a partly dynamic tree are still checked; unknown sizes do not pass for known ones.
expectError(sgd({ lr: 0.1 }).step(dyn, { ...zerosLike(dyn), b1: zerosVector(10) }));
expectError(momentum({ lr: 0.1 }).step(dyn, { ...zerosLike(dyn), W2: zeros(n, 10) }));
expectError(sgd({ lr: 0.1 }).step(params, zerosLike(dyn)));
