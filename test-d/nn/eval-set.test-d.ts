import { expectError, expectType } from "tsd";
import {
  asLabels,
  evalSet,
  initMLP,
  initTwoLayer,
  mlp,
  rng,
  twoLayer,
  zeros,
  type EvalSet,
  type Matrix,
  type PendingAccuracy,
} from "../..";

const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
const set = evalSet(zeros(10000, 784), asLabels(new Uint8Array(10000), 10000));
expectType<EvalSet<10000, 784, "f32">>(set);
expectType<number>(set.accuracy(net));
expectType<PendingAccuracy>(set.accuracyLater(net));
expectType<number>(set.accuracyLater(net).wait());
// A file's row count: the labels of unchecked length go with it.
const rows = evalSet(zeros(60000, 784) as Matrix<number, 784>, new Uint8Array(60000));
expectType<EvalSet<number, 784, "f32">>(rows);
expectType<number>(rows.accuracy(net));
// Labels of unchecked length for a static row count: asLabels checks them first.
expectError(evalSet(zeros(10000, 784), new Uint8Array(10000)));
expectError(evalSet(zeros(10000, 784), asLabels(new Uint8Array(100), 100)));
// A network of another input width or dtype is refused, as by accuracy().
expectError(set.accuracy(twoLayer(initTwoLayer(rng(0), 100, 50, 10))));
expectError(set.accuracyLater(twoLayer(initTwoLayer(rng(0), 784, 50, 10, { dtype: "f64" }))));
expectError(set.accuracy(initTwoLayer(rng(0), 784, 50, 10)));
// MLPs too, by their first layer's width and their dtype.
expectType<number>(set.accuracy(mlp(initMLP(rng(0), [784, 128, 10] as const))));
expectError(set.accuracy(mlp(initMLP(rng(0), [100, 128, 10] as const))));
expectError(set.accuracyLater(mlp(initMLP(rng(0), [784, 128, 10] as const, { dtype: "f64" }))));
