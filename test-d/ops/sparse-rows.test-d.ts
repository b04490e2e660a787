import { expectError, expectType } from "tsd";
import {
  asLabels,
  createTrainer,
  dim,
  evalSet,
  initMLP,
  initTwoLayer,
  mlp,
  rng,
  sparseRows,
  twoLayer,
  zeros,
  type Dim,
  type EvalSet,
  type Labels,
  type Matrix,
  type SparseRows,
} from "../..";

// Typed like the Matrix it compresses, and back.
const S = sparseRows(zeros(60000, 784));
expectType<SparseRows<60000, 784, "f32">>(S);
expectType<SparseRows<60000, 784, "f64">>(sparseRows(zeros(60000, 784, "f64")));
expectType<Matrix<60000, 784, "f32">>(S.toDense());
const file = sparseRows(zeros(60000, 784) as Matrix<number, 784>);
expectType<SparseRows<number, 784, "f32">>(file);
expectError(sparseRows(new Float32Array(4)));
// Not a Matrix: no op that wants one takes it.
expectError(S.data);

// The trainers step from it as from X: its width, dtype and labels checked the same way.
const trainer = createTrainer(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), 100);
const idx = new Int32Array(100);
const y = asLabels(new Uint8Array(60000), 60000);
expectType<number>(trainer.stepRows(S, y, idx));
expectType<void>(trainer.prefetch(S, y, idx));
expectType<number>(trainer.stepRows(file, new Uint8Array(60000), idx));
expectError(trainer.stepRows(sparseRows(zeros(60000, 785)), y, idx));
expectError(trainer.stepRows(sparseRows(zeros(60000, 784, "f64")), y, idx));
expectError(trainer.prefetch(sparseRows(zeros(60000, 100)), y, idx));
// Labels of another split are refused, as with X.
const train = dim("train", 60000),
  test = dim("test", 10000);
declare const trainLabels: Labels<Dim<"train">>;
const Strain = sparseRows(zeros(train, 784)),
  Stest = sparseRows(zeros(test, 784));
expectType<number>(trainer.stepRows(Strain, trainLabels, idx));
expectError(trainer.stepRows(Stest, trainLabels, idx));
// MLP trainers too.
const t = mlp(initMLP(rng(0), [784, 64, 10] as const)).trainer(32);
expectType<number>(t.stepRows(S, y, new Int32Array(32)));
expectError(t.stepRows(sparseRows(zeros(60000, 100)), y, new Int32Array(32)));

// Evaluation sets take it, typed by it.
const set = evalSet(S, y);
expectType<EvalSet<60000, 784, "f32">>(set);
expectType<number>(set.accuracy(twoLayer(initTwoLayer(rng(0), 784, 50, 10))));
expectError(set.accuracy(twoLayer(initTwoLayer(rng(0), 100, 50, 10))));
expectError(evalSet(Stest, trainLabels));
expectError(evalSet(S, asLabels(new Uint8Array(10), 10)));
