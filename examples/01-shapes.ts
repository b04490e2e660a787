// A first look at typed-tensor: static dims, a bias add, a transposed product, a run-time size
// narrowed into the types, and a ShapeError for a size that lies. Run with
// `npx tsx examples/01-shapes.ts`; test/examples/01-shapes.test.ts runs it too.
import { fileURLToPath } from "node:url";
import {
  add,
  assertShape,
  dim,
  dot,
  fromTypedArray,
  rng,
  randn,
  ShapeError,
  sigmoid,
  sum,
  zeros,
  zerosVector,
  type Matrix,
} from "../src/index.js";

export function main(log: (line: string) => void = console.log, batchSize = Number(process.env.BATCH ?? 32)): void {
  const gen = rng(0);
  const X = randn(gen, 100, 784); // Matrix<100, 784, "f32">
  const W = randn(gen, 784, 50, 0.01); // Matrix<784, 50, "f32">
  const b = zerosVector(50); // Vector<50, "f32">

  const h = sigmoid(add(dot(X, W), b)); // Matrix<100, 50, "f32">
  const dW = dot(X.T, h); // Xᵀ·h without copying Xᵀ: Matrix<784, 50, "f32">
  const db = sum(h, 0); // Vector<50, "f32">
  log(`h ${h.rows}x${h.cols}, dW ${dW.rows}x${dW.cols}, db ${db.size}`);

  // A size known only at run time: label it, and the compiler tracks it by name.
  const batch = dim("batch", batchSize);
  const Xb = zeros(batch, 784); // Matrix<Dim<"batch">, 784, "f32">
  log(`batch of ${dot(Xb, W).rows} rows`);

  // Data from outside (a file, a socket) has dynamic dims until a checked assertion narrows them.
  const loaded: Matrix<number, number> = fromTypedArray(new Float32Array(100 * 784), 100, 784);
  assertShape(loaded, 100, 784); // from here on: Matrix<100, 784, "f32">
  log(`loaded ${dot(loaded, W).cols} features`);

  // Dynamic dims can lie; every op checks at run time too.
  const wrong: Matrix<number, number> = zeros(50, 10);
  try {
    dot(X, wrong as Matrix<784, number>);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    log(String(e));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
