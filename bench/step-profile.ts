// Where a training step's time goes: the seed's step (batch 100, 784-50-10 sigmoid, SGD) taken
// apart into the same kernel calls, on the same shapes and placements, as the trainer's
// (src/nn/dense-stack.ts lossAndGradients + gather, src/nn/optim.ts sgd), each phase timed over
// many steps, against whole trainer.stepRows calls in the same run. What the phases do not
// account for is the trainer's own dispatch (argument checks, binding, the optimizer's walk).
// Also: what a hand-off to a second thread costs (a post and an Atomics wait round trip), the
// price a split training product would pay at least twice per product.
//
//   npx tsx bench/step-profile.ts [--steps 4000]
import { Worker } from "node:worker_threads";
import { ACTIVATIONS } from "../src/kernels/activation.js";
import { axpy } from "../src/kernels/axpy.js";
import { addRow } from "../src/kernels/elementwise.js";
import { takeRows } from "../src/kernels/gather.js";
import { gemmNN, gemmNT, gemmTN } from "../src/kernels/gemm.js";
import { sumAxis0 } from "../src/kernels/reduce.js";
import { softmaxCrossEntropy } from "../src/kernels/softmax.js";
import {
  allocResident,
  allocRowLists,
  listNonzeros,
  reserveResident,
  scatterRows,
  spmmRows,
} from "../src/kernels/wasm/gemm-wasm.js";
import { loadMnist } from "../src/data/load-node.js";
import { createTrainer, initTwoLayer, twoLayer } from "../src/nn/two-layer.js";
import { rng } from "../src/random/rng.js";
import { median } from "./timing.js";
import { SPIN_LOADS, waitWhile } from "../src/kernels/threads/chunk-queue.js";

const stepsArg = process.argv.indexOf("--steps");
const STEPS = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 4000;
if (!Number.isInteger(STEPS) || STEPS < 100) throw new Error("bench/step-profile: --steps needs a whole number >= 100");

const B = 100,
  I = 784,
  H = 50,
  O = 10,
  LR = 0.1;
const { train } = await loadMnist();
const X = train.images.data,
  N = train.images.rows,
  Y = train.labels;

// The replica: parameters in ordinary arrays (as initTwoLayer makes them), workspaces and weight
// gradients resident.
const p = initTwoLayer(rng(0), I, H, O);
const W1 = p.W1.data.slice(),
  b1 = p.b1.data.slice(),
  W2 = p.W2.data.slice(),
  b2 = p.b2.data.slice();
reserveResident(B * (2 * (H + O) * 4 + I * 12) + (1 << 20));
// The trainer's weight gradients are resident too (src/nn/trainer.ts), its biases' are not used
// by a product.
const dW1 = allocResident("f32", I * H)!,
  db1 = new Float32Array(H),
  dW2 = allocResident("f32", H * O)!,
  db2 = new Float32Array(O);
const xb = allocResident("f32", B * I)!,
  z0 = allocResident("f32", B * H)!,
  z1 = allocResident("f32", B * O)!;
const d0 = allocResident("f32", B * H)!,
  d1 = allocResident("f32", B * O)!;
const lists = allocRowLists("f32", B, I, H)!;
if (!xb || !lists) throw new Error("bench/step-profile: needs the wasm kernels");
const yb = new Int32Array(B);
const sig = ACTIVATIONS.sigmoid;

const PHASES = [
  "gather (rows, labels, nonzero lists)",
  "GEMM X·W1 (lists)",
  "bias + sigmoid",
  "GEMM h·W2",
  "bias 2",
  "softmax-cross-entropy",
  "db2 (column sums)",
  "GEMM hᵀ·dY (dW2)",
  "GEMM dY·W2ᵀ",
  "sigmoid backward + db1",
  "GEMM Xᵀ·dZ (dW1, lists)",
  "SGD update (4 axpy)",
] as const;
const GEMM = new Set([1, 3, 7, 8, 10]);
const acc = new Float64Array(PHASES.length);

function replicaStep(idx: Int32Array): void {
  let t = performance.now(),
    k = 0;
  const lap = () => {
    const now = performance.now();
    acc[k++] += now - t;
    t = now;
  };
  takeRows(xb, X, idx, B, I, N);
  for (let r = 0; r < B; r++) yb[r] = Y[idx[r]!]!;
  listNonzeros(lists, xb, B);
  lap();
  spmmRows(z0, lists, B, W1);
  lap();
  sig.biasForward(z0, b1, B, H);
  lap();
  gemmNN(z1, z0, W2, B, H, O);
  lap();
  addRow(z1, z1, b2, B, O);
  lap();
  softmaxCrossEntropy(z1, d1, z1, yb, null, B, O);
  lap();
  sumAxis0(db2, d1, B, O);
  lap();
  gemmTN(dW2, z0, d1, H, B, O);
  lap();
  gemmNT(d0, d1, W2, B, O, H);
  lap();
  sig.biasBackward(d0, z0, db1, B, H);
  lap();
  scatterRows(dW1, lists, B, d0);
  lap();
  axpy(W1, -LR, dW1, I * H);
  axpy(b1, -LR, db1, H);
  axpy(W2, -LR, dW2, H * O);
  axpy(b2, -LR, db2, O);
  lap();
}

// The real trainer, same data and batches.
const net = twoLayer(initTwoLayer(rng(0), I, H, O));
const trainer = createTrainer(net, B);
const gen = rng(1);
const batches = Array.from({ length: 64 }, () => Int32Array.from({ length: B }, () => gen.int(N)));

function timeTrainer(steps: number): number {
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) trainer.stepRows(train.images, Y, batches[s & 63]!);
  return (performance.now() - t0) / steps;
}
function timeReplica(steps: number): number {
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) replicaStep(batches[s & 63]!);
  return (performance.now() - t0) / steps;
}

timeTrainer(500);
timeReplica(500);
acc.fill(0);
// Alternate in blocks so that both see the same machine.
const trainerMs: number[] = [],
  replicaMs: number[] = [];
const block = Math.max(50, Math.floor(STEPS / 10));
for (let done = 0; done < STEPS; done += block) {
  trainerMs.push(timeTrainer(block));
  replicaMs.push(timeReplica(block));
}
const us = (ms: number) => `${(ms * 1000).toFixed(1).padStart(7)} µs`;
const total = acc.reduce((a, b) => a + b, 0) / STEPS;
console.log(
  `one training step (batch ${B}, ${I}-${H}-${O} sigmoid, SGD), mean over ${STEPS} steps each, ` +
    "alternated in blocks, µs per step:",
);
let gemm = 0;
PHASES.forEach((name, i) => {
  const ms = acc[i]! / STEPS;
  if (GEMM.has(i)) gemm += ms;
  console.log(`  ${name.padEnd(40)} ${us(ms)}  ${((100 * ms) / total).toFixed(1).padStart(5)}%`);
});
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stepMs = mean(trainerMs),
  replica = mean(replicaMs);
console.log(
  `  ${"sum of the phases".padEnd(40)} ${us(total)}   (the replica's step, timed whole: ${us(replica).trim()})`,
);
console.log(`  ${"trainer.stepRows (the same steps)".padEnd(40)} ${us(stepMs)}`);
console.log(
  `  GEMM ${us(gemm).trim()} (${((100 * gemm) / stepMs).toFixed(0)}% of the step); not GEMM: gather ` +
    `${us(acc[0]! / STEPS).trim()}, softmax-CE ${us(acc[5]! / STEPS).trim()}, bias/activation/column sums ` +
    `${us((acc[2]! + acc[4]! + acc[6]! + acc[9]!) / STEPS).trim()}, update ${us(acc[11]! / STEPS).trim()}, ` +
    `dispatch (trainer step − phases) ${us(stepMs - total).trim()} (within noise when about 0 or below)`,
);

// A hand-off round trip: the caller wakes a helper and waits until it answers: the least a
// product split across two threads adds per product. Two ways to wait, on both sides: sleeping
// in Atomics.wait at once (woken by Atomics.notify), and src/kernels/threads/chunk-queue.ts's
// waitWhile, which spins SPIN_LOADS loads first (what the evaluation hand-off now does).
const ctl = new Int32Array(new SharedArrayBuffer(16));
const w = new Worker(
  `const { workerData: c } = require("node:worker_threads");
  const wait = (i, v) => { if (Atomics.load(c, 2) > 0) for (let k = 0; k < ${SPIN_LOADS}; k++)
    if (Atomics.load(c, i) !== v) return; Atomics.wait(c, i, v); };
  for (let seen = 0;;) { wait(0, seen); seen = Atomics.load(c, 0); if (seen < 0) break;
  Atomics.store(c, 1, seen); Atomics.notify(c, 1); }`,
  { eval: true, workerData: ctl },
);
w.unref();
function roundTrips(spin: boolean, from: number, count: number): number[] {
  Atomics.store(ctl, 2, spin ? 1 : 0);
  const trips: number[] = [];
  for (let r = from; r < from + count; r++) {
    const t0 = performance.now();
    Atomics.store(ctl, 0, r);
    Atomics.notify(ctl, 0);
    while (Atomics.load(ctl, 1) !== r) {
      if (spin) waitWhile(ctl, 1, r - 1, 1000);
      else Atomics.wait(ctl, 1, r - 1, 1000);
    }
    trips.push(performance.now() - t0);
  }
  return trips;
}
// Alternated in blocks of 200, the first block of each kind dropped (start-up, compilation).
const sleepTrips: number[] = [],
  spinTrips: number[] = [];
for (let b = 0, r = 1; b < 12; b++, r += 400) {
  const a = roundTrips(false, r, 200),
    c = roundTrips(true, r + 200, 200);
  if (b > 0) (sleepTrips.push(...a), spinTrips.push(...c));
}
Atomics.store(ctl, 0, -1);
Atomics.notify(ctl, 0);
console.log(
  `hand-off round trip to a helper thread (notify, then wait for its answer), medians over ${spinTrips.length} each, ` +
    `alternated: sleeping in Atomics.wait ${us(median(sleepTrips)).trim()}, spinning first (waitWhile) ` +
    `${us(median(spinTrips)).trim()}; a split step needs two per split product`,
);
await w.terminate();
