// MNIST from bytes: the standard files come back with MNIST's sizes in the types
// (Matrix<60000, 784> and Matrix<10000, 784>), any other MNIST-style set with `number` dims that
// assertShape narrows. The train and test splits do not mix where their sizes matter.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  assertShape,
  dot,
  imagesFromIdx,
  initTwoLayer,
  twoLayer,
  labeledImages,
  labelsFromIdx,
  mnistFromBytes,
  mnistLikeFromBytes,
  MNIST_SIZES,
  accuracy,
  predict,
  rng,
  sub,
  zeros,
  type Labels,
  type LabeledImages,
  type Matrix,
  type Mnist,
  type MnistBytes,
  type MnistLike,
  type NamedBytes,
} from "../..";

declare const files: MnistBytes;
declare const named: NamedBytes;

const mnist = mnistFromBytes(files);
expectType<Mnist>(mnist);
expectType<Matrix<60000, 784, "f32">>(mnist.train.images);
expectType<Matrix<10000, 784, "f32">>(mnist.test.images);
expectType<Uint8Array & Labels<60000>>(mnist.train.labels);
expectType<1>(null as unknown as Equals<Mnist["train"], LabeledImages<60000, 784>>);
expectType<1>(null as unknown as Equals<Mnist["test"], LabeledImages<10000, 784>>);
expectType<60000>(MNIST_SIZES.train);
expectType<10000>(MNIST_SIZES.test);
// The sizes flow into the model: a 784 -> 50 -> 10 network's predictions on the test set.
const params = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
expectType<Matrix<10000, 10, "f32">>(predict(params, mnist.test.images));
expectType<Matrix<784, 10, "f32">>(dot(mnist.train.images.T, zeros(60000, 10)));

// `number` dims: an MNIST-style set of any size, and the single-file parsers.
const like = mnistLikeFromBytes(files);
expectType<MnistLike>(mnistLikeFromBytes(files, 26));
expectType<Matrix<number, number, "f32">>(like.train.images);
expectType<Matrix<number, number, "f32">>(like.test.images);
expectType<LabeledImages<number, number>>(labeledImages(named, named));
expectType<Matrix<number, number, "f32">>(imagesFromIdx(named.bytes, named.file).images);
expectType<Uint8Array>(labelsFromIdx(named.bytes));
// After assertShape they are as good as static ones.
const fashion = like.test.images;
assertShape(fashion, 10000, 784);
expectType<Matrix<10000, 10, "f32">>(predict(params, fashion));

// Test images where train-shaped ones are required (a 60000-row gradient, a train-sized buffer).
expectError(dot(mnist.test.images.T, zeros(60000, 10)));
expectError(sub(mnist.train.images, mnist.test.images));
expectError<Matrix<60000, 784>>(mnist.test.images);
expectError<LabeledImages<60000, 784>>(mnist.test);
// One split's labels with the other split's images.
expectType<number>(accuracy(params, mnist.test.images, mnist.test.labels));
expectError(accuracy(params, mnist.test.images, mnist.train.labels));
// Images given to a network of another input size (28 = one row of pixels, not 784).
expectError(predict(twoLayer(initTwoLayer(rng(0), 28, 50, 10)), mnist.test.images));
// An MNIST-style set of unchecked size used as MNIST: assertShape first.
expectError(predict(params, like.test.images));
expectError<Mnist>(like);
// The images are float32; a float64 network needs astype first.
expectError(predict(initTwoLayer(rng(0), 784, 50, 10, { dtype: "f64" }), mnist.test.images));
