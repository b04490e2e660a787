import { expectError, expectType } from "tsd";
import {
  adam,
  asLabels,
  dim,
  initDense,
  initMLP,
  mlp,
  rng,
  zeros,
  type Dense,
  type Gradients,
  type Labels,
  type Matrix,
  type MLP,
  type Trainer,
  type Dim,
} from "../..";

const g = rng(0);
const layers = initMLP(g, [784, 128, 64, 10] as const, { init: "he" });
expectType<[Dense<784, 128, "f32">, Dense<128, 64, "f32">, Dense<64, 10, "f32">]>(layers);
const net = mlp(layers);
expectType<MLP<[Dense<784, 128, "f32">, Dense<128, 64, "f32">, Dense<64, 10, "f32">]>>(net);

const X = zeros(32, 784);
const { out, cache } = net.forward(X);
expectType<Matrix<32, 10, "f32">>(out);
const back = net.backward(out, cache);
expectType<Matrix<32, 784, "f32"> | undefined>(back.dX);
expectType<Gradients<typeof layers>>(back.grads);
expectType<Matrix<128, 64, "f32">>(back.grads[1].W);
expectType<Matrix<500, 10, "f32">>(net.predict(zeros(500, 784)));
const t = net.trainer(32, { optimizer: adam({ lr: 1e-3 }) });
expectType<Trainer<typeof layers, 784, "f32", 32>>(t);

// Built from separate layers, sizes chain.
const chained = mlp([initDense(g, 784, 128), initDense(g, 128, 64), initDense(g, 64, 10)]);
expectType<Matrix<1, 10, "f32">>(chained.forward(zeros(1, 784)).out);

// A mismatched adjacent pair, anywhere in the stack.
expectError(mlp([initDense(g, 784, 128), initDense(g, 128, 64), initDense(g, 32, 10)]));
expectError(mlp([initDense(g, 784, 128), initDense(g, 100, 64), initDense(g, 64, 10)]));
// Layers of two dtypes.
expectError(mlp([initDense(g, 784, 128), initDense(g, 128, 10, { dtype: "f64" })]));
// Inputs of the wrong width; a cache of another batch.
expectError(net.forward(zeros(32, 785)));
expectError(net.backward(zeros(16, 10), cache));

// `number` (dynamic) cases: a run-time batch through a static network; layer sizes read at run
// time (a dynamic link still chains with its static neighbours); a layer list of unknown length.
declare const n: number;
expectType<Matrix<number, 10, "f32">>(net.forward(zeros(n, 784)).out);
expectType<Matrix<number, 10, "f32">>(net.predict(zeros(n, 784)));
const mixed = mlp([initDense(g, 784, n), initDense(g, 128, 10)]);
expectType<Matrix<32, 10, "f32">>(mixed.forward(zeros(32, 784)).out);
declare const sizes: number[];
const deep = mlp(initMLP(g, sizes));
expectType<MLP<Dense<number, number, "f32">[]>>(deep);
expectType<32>(deep.forward(zeros(32, n)).out.rows);
// The wrong width with a dynamic batch; a mismatch after a dynamic link; a dynamic batch's cache
// for another width's gradient.
expectError(net.forward(zeros(n, 785)));
expectError(mlp([initDense(g, 784, n), initDense(g, 128, 10), initDense(g, 32, 10)]));
expectError(net.backward(zeros(n, 9), net.forward(zeros(n, 784)).cache));

// Labels are typed by their batch or split in every label-taking method: the test images with
// the train labels are refused, one call per line.
const trainSplit = dim("train", 60000),
  testSplit = dim("test", 10000);
declare const trainLabels: Labels<Dim<"train">>;
declare const testLabels: Labels<Dim<"test">>;
const Xtest = zeros(testSplit, 784);
const Xtrain = zeros(trainSplit, 784);
expectType<number>(net.accuracy(Xtest, testLabels));
expectType<number>(t.stepRows(Xtrain, trainLabels, new Int32Array(32)));
expectType<number>(t.step(X, asLabels(new Int32Array(32), 32)));
expectError(net.accuracy(Xtest, trainLabels));
expectError(t.stepRows(Xtest, trainLabels, new Int32Array(32)));
expectError(t.step(X, testLabels));
// Unchecked labels (length `number`) for a static batch: asLabels first.
expectError(net.accuracy(zeros(500, 784), new Uint8Array(500)));
expectError(t.step(X, new Int32Array(32)));
