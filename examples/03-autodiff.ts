// A model typed-tensor does not ship, trained on MNIST with autodiff: a residual MLP
//   h1 = relu(X·W1 + b1),  h2 = h1 + tanh(h1·W2 + b2),  logits = h2·W3 + b3
// under a custom loss, label-smoothed cross-entropy (each target row puts 1 - ε on the label and
// ε / 10 elsewhere). No backward pass is written: valueAndGrad derives it from the loss below, and
// its gradients have exactly the parameters' types (hover `grads`). Adam updates them.
//
//   npx tsx examples/03-autodiff.ts [--iters 600] [--hidden 64] [--batch 64] [--seed 0] [--lr 0.002]
// test/examples/03-autodiff.test.ts runs a small configuration and checks the accuracy it reaches.
import { fileURLToPath } from "node:url";
import {
  ad,
  adam,
  argmax,
  initDense,
  rng,
  takeRows,
  valueAndGrad,
  zeros,
  type Matrix,
  type Vector,
} from "../src/index.js";
import { defaultMnistDir, loadMnist } from "../src/node.js";
import { parseFlags, usage, type FlagSpec, type Flags } from "./lib/flags.js";

export const FLAGS = {
  iters: { type: "int", min: 1, default: 600, help: "training steps" },
  hidden: { type: "int", min: 1, default: 64, help: "width of both hidden layers" },
  batch: { type: "int", min: 1, default: 64, help: "rows per step" },
  lr: { type: "number", above: 0, default: 0.002, help: "Adam's learning rate" },
  smoothing: { type: "number", above: 0, default: 0.1, help: "label smoothing ε" },
  seed: { type: "int", min: 0, default: 0, help: "seed of the init and the batches" },
  testRows: { type: "int", min: 1, default: 10000, help: "test images to evaluate on" },
} as const satisfies Record<string, FlagSpec>;

/** The residual MLP's parameters for H hidden units. */
export interface ResidualParams<H extends number> {
  W1: Matrix<784, H>;
  b1: Vector<NoInfer<H>>;
  W2: Matrix<NoInfer<H>, NoInfer<H>>;
  b2: Vector<NoInfer<H>>;
  W3: Matrix<NoInfer<H>, 10>;
  b3: Vector<10>;
}

/** Logits of the residual MLP: ordinary typed-tensor code, on the traced ops. */
export function logits<H extends number, B extends number>(p: ResidualParams<H>, X: Matrix<B, 784>): Matrix<B, 10> {
  const h1 = ad.relu(ad.add(ad.dot(X, p.W1), p.b1));
  const h2 = ad.add(h1, ad.tanh(ad.add(ad.dot(h1, p.W2), p.b2))); // the residual connection
  return ad.add(ad.dot(h2, p.W3), p.b3);
}

/**
 * Label-smoothed cross-entropy: -Σ T ⊙ log(softmax(logits)) / B, with the targets T (already
 * scaled by -1/B) built outside the traced function: they are data.
 */
export function smoothedLoss<H extends number, B extends number>(
  p: ResidualParams<H>,
  X: Matrix<B, 784>,
  T: Matrix<B, 10>,
): number {
  const logP = ad.log(ad.add(ad.softmax(logits(p, X)), 1e-7)); // + 1e-7 keeps log finite in float32
  return ad.sum(ad.mul(logP, T));
}

export async function main(
  argv: string[],
  log: (line: string) => void = console.log,
): Promise<{ accuracy: number; loss: number }> {
  const { values: f, help } = parseFlags(argv, FLAGS);
  if (help) {
    log(usage(FLAGS, "Trains a residual MLP on MNIST with a label-smoothed loss, through valueAndGrad."));
    return { accuracy: NaN, loss: NaN };
  }
  const { train, test } = await loadMnist(await defaultMnistDir());
  const g = rng(f.seed);
  const H = f.hidden;
  const l1 = initDense(g, 784, H, { init: "he" }),
    l2 = initDense(g, H, H, { init: "he" }),
    l3 = initDense(g, H, 10, { init: "xavier" });
  const params: ResidualParams<number> = { W1: l1.W, b1: l1.b, W2: l2.W, b2: l2.b, W3: l3.W, b3: l3.b };
  const step = valueAndGrad(smoothedLoss<number, number>);
  const opt = adam({ lr: f.lr });
  const idx = new Int32Array(f.batch);
  const Xb = zeros(f.batch as number, 784);
  const T = zeros(f.batch as number, 10);
  let loss = NaN;
  for (let i = 0; i < f.iters; i++) {
    g.fillInts(idx, train.images.rows);
    takeRows(train.images, idx, f.batch as number, Xb);
    // Smoothed one-hot rows, times -1/B so that the loss is one traced sum.
    const on = -(1 - f.smoothing + f.smoothing / 10) / f.batch,
      off = -(f.smoothing / 10) / f.batch;
    T.data.fill(off);
    for (let r = 0; r < f.batch; r++) T.data[r * 10 + train.labels[idx[r]!]!] = on;
    const { value, grads } = step(params, Xb, T); // grads: Gradients<ResidualParams<number>>
    opt.step(params, grads);
    loss = value;
    if (i % 200 === 0 || i === f.iters - 1) log(`step ${String(i).padStart(5)}  loss ${value.toFixed(4)}`);
  }
  const n = Math.min(f.testRows, test.images.rows);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const pred = argmax(logits(params, takeRows(test.images, rows)));
  let correct = 0;
  for (let i = 0; i < n; i++) if (pred[i] === test.labels[i]) correct++;
  const accuracy = correct / n;
  log(`test accuracy ${accuracy.toFixed(4)} on ${n} images after ${f.iters} steps (final loss ${loss.toFixed(4)})`);
  return { accuracy, loss };
}

export type ExampleFlags = Flags<typeof FLAGS>;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
