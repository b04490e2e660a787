import { expectError, expectType } from "tsd";
import {
  accuracy, asLabels, createTrainer, dim, initTwoLayer, predict, rng, trainStep, twoLayerBackward, twoLayerForward, zeros,
  type Dim, type Gradients, type Labels, type Matrix, type TwoLayerCache, type TwoLayerParams,
} from "../..";

const p = initTwoLayer(rng(0), 784, 50, 10);
expectType<TwoLayerParams<784, 50, 10, "f32">>(p);
expectType<TwoLayerParams<4, 3, 2, "f64">>(initTwoLayer(rng(0), 4, 3, 2, { dtype: "f64", init: "xavier" }));

const X = zeros(100, 784);
const y = asLabels(new Int32Array(100), 100);
const f = twoLayerForward(p, X, y);
expectType<Matrix<100, 10, "f32">>(f.probs);
expectType<TwoLayerCache<100, 784, 50, 10, "f32">>(f.cache);
expectType<Gradients<TwoLayerParams<784, 50, 10, "f32">>>(twoLayerBackward(f.cache));
expectType<number>(trainStep(p, X, y, { lr: 0.1 }));

const trainer = createTrainer(p, 100);
expectType<Matrix<784, 50, "f32">>(trainer.grads.W1);
expectType<number>(trainer.stepRows(zeros(60000, 784), new Uint8Array(60000), new Int32Array(100)));
expectType<number>(trainer.step(X, new Int32Array(100)));
expectType<Matrix<10000, 10, "f32">>(predict(p, zeros(10000, 784)));
expectType<number>(accuracy(p, zeros(10000, 784), asLabels(new Uint8Array(10000), 10000)));
expectType<number>(accuracy(p, zeros(10000, 784) as Matrix<number, 784>, new Uint8Array(10000)));
// Labels of unchecked length for a static batch: asLabels checks them first.
expectError(accuracy(p, zeros(10000, 784), new Uint8Array(10000)));
const test = dim("test", 10000);
expectType<Matrix<Dim<"test">, 10, "f32">>(predict(p, zeros(test, 784)));

// W1 and W2 swapped.
expectError(trainStep({ W1: p.W2, b1: p.b1, W2: p.W1, b2: p.b2 }, X, y));
expectError(createTrainer({ W1: p.W2, b1: p.b1, W2: p.W1, b2: p.b2 }, 100));
// A bias of the hidden size on the output layer.
expectError(createTrainer({ W1: p.W1, b1: p.b1, W2: p.W2, b2: p.b1 }, 100));
// Labels of another batch (symbolic dims).
declare const testLabels: Labels<Dim<"test">>;
expectError(twoLayerForward(p, zeros(dim("train", 100), 784), testLabels));
// A batch of the wrong width, a ready batch of the wrong size, the wrong dtype.
expectError(predict(p, zeros(10, 785)));
expectError(trainer.step(zeros(99, 784), new Int32Array(99)));
expectError(trainer.stepRows(zeros(60000, 784, "f64"), new Uint8Array(60000), new Int32Array(100)));
// Layer 2's cache where layer 1's belongs.
expectError(twoLayerBackward({ ...f.cache, affine1: f.cache.affine2 }));
