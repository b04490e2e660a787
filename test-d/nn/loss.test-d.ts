import { expectError, expectType } from "tsd";
import {
  asLabels,
  crossEntropy,
  dim,
  oneHot,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  zeros,
  type Dim,
  type Labels,
  type Matrix,
  type SoftmaxCrossEntropyCache,
} from "../..";

declare const trainLabels: Labels<Dim<"train">>;
declare const testLabels: Labels<Dim<"test">>;
const train = dim("train", 100);
const logits = zeros(train, 10);

expectType<Labels<Dim<"train">>>(asLabels(new Int32Array(100), train));
expectType<Labels<3>>(asLabels([1, 2, 0], 3));
expectType<Matrix<Dim<"train">, 10, "f32">>(oneHot(trainLabels, 10));
expectType<Matrix<3, 4, "f64">>(oneHot([1, 2, 0] as const, 4, "f64"));
expectType<number>(crossEntropy(logits, trainLabels));
expectType<number>(crossEntropy(logits, oneHot(trainLabels, 10)));
const sce = softmaxCrossEntropy(logits, trainLabels);
expectType<SoftmaxCrossEntropyCache<Dim<"train">, 10, "f32">>(sce.cache);
expectType<Matrix<Dim<"train">, 10, "f32">>(softmaxCrossEntropyBackward(sce.cache));
// Dynamic labels fit a dynamic batch.
expectType<number>(crossEntropy(zeros(5 as number, 10), new Int32Array(5)));

// Labels of another batch (symbolic dims), as indices or one-hot rows.
expectError(crossEntropy(logits, testLabels));
expectError(softmaxCrossEntropy(logits, testLabels));
expectError(softmaxCrossEntropy(logits, oneHot(testLabels, 10)));
// A static batch of 3 given 2 labels, and one-hot rows of the wrong class count.
expectError(crossEntropy(zeros(3, 10), [1, 2] as const));
expectError(crossEntropy(zeros(3, 10), oneHot([1, 2, 0] as const, 9)));
