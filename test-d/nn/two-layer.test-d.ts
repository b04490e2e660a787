import { expectError, expectType } from "tsd";
import {
  accuracy,
  asLabels,
  createTrainer,
  dim,
  initTwoLayer,
  predict,
  rng,
  takeLabels,
  takeRows,
  trainStep,
  twoLayer,
  twoLayerBackward,
  twoLayerForward,
  zeros,
  type Dim,
  type Gradients,
  type Labels,
  type Matrix,
  type TwoLayer,
  type TwoLayerCache,
  type TwoLayerParams,
} from "../..";

const p = initTwoLayer(rng(0), 784, 50, 10);
expectType<TwoLayerParams<784, 50, 10, "f32">>(p);
expectType<TwoLayerParams<4, 3, 2, "f64">>(initTwoLayer(rng(0), 4, 3, 2, { dtype: "f64", init: "xavier" }));

const net = twoLayer(p, { activation: "relu" });
expectType<TwoLayer<784, 50, 10, "f32">>(net);
const X = zeros(100, 784);
const y = asLabels(new Int32Array(100), 100);
const f = twoLayerForward(net, X, y);
expectType<Matrix<100, 10, "f32">>(f.probs);
expectType<TwoLayerCache<100, 784, 50, 10, "f32">>(f.cache);
expectType<Gradients<TwoLayerParams<784, 50, 10, "f32">>>(twoLayerBackward(f.cache));
expectType<number>(trainStep(net, X, y, { lr: 0.1 }));

const trainer = createTrainer(net, 100);
expectType<Matrix<784, 50, "f32">>(trainer.grads.W1);
expectType<number>(
  trainer.stepRows(zeros(60000, 784) as Matrix<number, 784>, new Uint8Array(60000), new Int32Array(100)),
);
expectType<number>(trainer.step(X, asLabels(new Int32Array(100), 100)));
expectType<Matrix<10000, 10, "f32">>(predict(net, zeros(10000, 784)));
expectType<number>(accuracy(net, zeros(10000, 784), asLabels(new Uint8Array(10000), 10000)));
expectType<number>(accuracy(net, zeros(10000, 784) as Matrix<number, 784>, new Uint8Array(10000)));
// Labels of unchecked length for a static batch: asLabels checks them first.
expectError(accuracy(net, zeros(10000, 784), new Uint8Array(10000)));
expectError(trainer.step(X, new Int32Array(100)));
expectError(trainer.stepRows(zeros(60000, 784), new Uint8Array(60000), new Int32Array(100)));
const test = dim("test", 10000);
expectType<Matrix<Dim<"test">, 10, "f32">>(predict(net, zeros(test, 784)));
// The network is the parameters plus the activation: bare parameters are refused, and no
// function takes an activation argument any more.
expectError(accuracy(p, zeros(10000, 784), asLabels(new Uint8Array(10000), 10000)));
expectError(createTrainer(p, 100));
expectError(predict(net, zeros(10000, 784), "relu"));

// W1 and W2 swapped.
expectError(twoLayer({ W1: p.W2, b1: p.b1, W2: p.W1, b2: p.b2 }));
expectError(trainStep({ params: { W1: p.W2, b1: p.b1, W2: p.W1, b2: p.b2 }, activation: "relu" }, X, y));
// A bias of the hidden size on the output layer.
expectError(twoLayer({ W1: p.W1, b1: p.b1, W2: p.W2, b2: p.b1 }));
// A batch of the wrong width, a ready batch of the wrong size, the wrong dtype.
expectError(predict(net, zeros(10, 785)));
expectError(trainer.step(zeros(99, 784), asLabels(new Int32Array(99), 99)));
expectError(trainer.stepRows(zeros(60000, 784, "f64"), new Uint8Array(60000), new Int32Array(100)));

// Labels typed by their split in every label-taking API: test images with train labels are
// refused, one call per line.
const trainSplit = dim("train", 60000);
declare const trainLabels: Labels<Dim<"train">>;
declare const testLabels: Labels<Dim<"test">>;
const Xtest = zeros(test, 784),
  Xtrain = zeros(trainSplit, 784);
expectType<number>(accuracy(net, Xtest, testLabels));
expectType<number>(trainer.stepRows(Xtrain, trainLabels, new Int32Array(100)));
expectError(accuracy(net, Xtest, trainLabels));
expectError(trainer.stepRows(Xtest, trainLabels, new Int32Array(100)));
expectError(twoLayerForward(net, Xtest, trainLabels));
expectError(trainStep(net, Xtest, trainLabels));
expectError(twoLayerForward(net, zeros(dim("train", 100), 784), testLabels));
// A minibatch gathered with takeRows and takeLabels through one set of indices fits the step.
const idx = new Int32Array(100);
expectType<Labels<100> & Int32Array>(takeLabels(trainLabels, idx, 100));
expectType<number>(trainer.step(takeRows(Xtrain, idx, 100), takeLabels(trainLabels, idx, 100)));
expectError(trainer.step(takeRows(Xtrain, idx, 100), takeLabels(trainLabels, idx, 50)));
// Layer 2's cache where layer 1's belongs.
expectError(twoLayerBackward({ ...f.cache, affine1: f.cache.affine2 }));
