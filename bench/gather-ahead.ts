// The default run's step (batch 100, 784-50-10 sigmoid, SGD, on the real MNIST training set) with
// and without Trainer.prefetch (src/nn/gather-ahead.ts: a helper thread gathers the next batch
// while the caller computes this one), in alternated rounds, wall-clock medians; then the same
// with a busy thread (spinning 40% of the time, as the background evaluations would) competing
// for the cores. Also the caller's own gather cost in each case (a round's mean; median of rounds), timed around the gather alone
// with a real step's compute between (so the caches are as a step leaves them), and how often
// the helper had the batch ready. Last, the default run's 10,000 steps whole, with and without.
//
//   npx tsx bench/gather-ahead.ts [--steps 250] [--rounds 21] [--full-pairs 3]
import { Worker } from "node:worker_threads";
import { loadMnist } from "../src/data/load-node.js";
import { setThreads } from "../src/kernels/settings.js";
import { stopThreads } from "../src/kernels/threads/pool.js";
import { DenseStack } from "../src/nn/dense-stack.js";
import { GatherAhead, prefetchStats } from "../src/nn/gather-ahead.js";
import { asLabels } from "../src/nn/labels.js";
import { createTrainer, initTwoLayer, twoLayer } from "../src/nn/two-layer.js";
import { rng } from "../src/random/rng.js";
import { Matrix } from "../src/shape/tensor.js";
import { median } from "./timing.js";

const arg = (name: string, dflt: number): number => {
  const at = process.argv.indexOf(name);
  const v = at > 0 ? Number(process.argv[at + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench/gather-ahead: ${name} needs a whole number >= 1`);
  return v;
};
const STEPS = arg("--steps", 250),
  ROUNDS = arg("--rounds", 21),
  FULL_PAIRS = arg("--full-pairs", 3);
const B = 100,
  I = 784,
  H = 50,
  O = 10;

setThreads(2);
const { train } = await loadMnist();
const X = train.images,
  Y = train.labels,
  N = X.rows;

// Each round's batches: seeded, as train-mnist draws them, one more than the steps (the last
// prefetch announces a batch never stepped).
const order = new Int32Array((STEPS + 1) * B);
const batch = (t: number) => order.subarray(t * B, (t + 1) * B);
const views = Array.from({ length: STEPS + 1 }, (_, t) => batch(t));

const plain = createTrainer(twoLayer(initTwoLayer(rng(0), I, H, O)), B);
const ahead = createTrainer(twoLayer(initTwoLayer(rng(0), I, H, O)), B);

/** Microseconds per step over one round of STEPS steps. */
function round(prefetch: boolean, seed: number): number {
  rng(seed).fillInts(order, N);
  const tr = prefetch ? ahead : plain;
  const t0 = performance.now();
  for (let t = 0; t < STEPS; t++) {
    if (prefetch) tr.prefetch(X, Y, views[t + 1]!);
    tr.stepRows(X, Y, views[t]!);
  }
  return ((performance.now() - t0) * 1000) / STEPS;
}

// The caller's gather alone: a stack and a prefetcher of the trainer's shapes, and a real step
// (another trainer's, on a ready batch) between gathers.
const stack = new DenseStack("bench", [I, H, O], B, "f32", "sigmoid", true);
const gatherer = new GatherAhead(B, I, H, "f32", stack.usesLists);
const filler = createTrainer(twoLayer(initTwoLayer(rng(1), I, H, O)), B);
const readyX = new Matrix(new Float32Array(B * I), B, I);
const readyY = asLabels(new Int32Array(B), B);
/** Mean microseconds of the caller's gather over one round (labels checked, rows taken or
 * copied; with prefetch, the steps the helper was late for count at their own gather's cost). */
function gatherCost(prefetch: boolean, seed: number): number {
  rng(seed).fillInts(order, N);
  let total = 0;
  for (let t = 0; t < STEPS; t++) {
    if (prefetch) gatherer.ask(X.data, N, views[t + 1]!);
    filler.step(readyX, readyY);
    const t0 = performance.now();
    stack.gatherLabels(N, Y, views[t]!);
    const slot = prefetch ? gatherer.take(X.data, views[t]!) : -1;
    if (slot >= 0) {
      stack.gatherReady(X.data, N, views[t]!, gatherer, slot);
      gatherer.release(slot);
    } else stack.gatherRows(X.data, N, views[t]!);
    total += (performance.now() - t0) * 1000;
  }
  return total / STEPS;
}

/** A thread that spins `duty` of each 10 ms and sleeps the rest, until stopped. */
function busyThread(duty: number): { stop(): Promise<void> } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(
    `const { workerData: { flag, duty } } = require("node:worker_threads");
     let x = 0;
     while (Atomics.load(flag, 0) === 0) {
       const t = Date.now();
       while (Date.now() - t < 10 * duty) x = (x * 1.0000001 + 1) % 1e9;
       Atomics.wait(flag, 0, 0, 10 * (1 - duty));
     }`,
    { eval: true, workerData: { flag, duty } },
  );
  return {
    async stop() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await w.terminate();
    },
  };
}

// Warm-up: JIT, the wasm kernels, and the helper (started, holding its copy of X).
for (let s = 0; s < 50 && prefetchStats.used < 50; s++) {
  round(true, 1000 + s);
  gatherCost(true, 2000 + s);
  await new Promise((done) => setTimeout(done, 100));
}
round(false, 3000);
gatherCost(false, 3001);

console.log(
  `Trainer.prefetch on the real MNIST training set: ${STEPS} steps a round, ${ROUNDS} rounds alternated, wall-clock medians (µs); shared 2-core machine`,
);
console.log(
  "case                        step, plain   step, prefetch   ratio   gather, plain   gather, prefetch   helper ready",
);
for (const duty of [0, 0.4]) {
  const busy = duty > 0 ? busyThread(duty) : null;
  await new Promise((done) => setTimeout(done, 50));
  const steps: [number[], number[]] = [[], []],
    gathers: [number[], number[]] = [[], []];
  // The steps first, then the gathers alone: the helper serves one prefetcher at a time, and
  // switching between them costs a few batches each time.
  round(true, 5);
  const before = { ...prefetchStats };
  for (let r = 0; r < ROUNDS; r++)
    for (const pf of r % 2 === 0 ? [false, true] : [true, false]) steps[+pf]!.push(round(pf, 10 * r + 1));
  const used = prefetchStats.used - before.used,
    asked = used + prefetchStats.notStarted - before.notStarted + prefetchStats.notDone - before.notDone;
  gatherCost(true, 6);
  for (let r = 0; r < ROUNDS; r++)
    for (const pf of r % 2 === 0 ? [true, false] : [false, true]) gathers[+pf]!.push(gatherCost(pf, 10 * r + 2));
  await busy?.stop();
  const [sp, sa] = [median(steps[0]), median(steps[1])];
  const [gp, ga] = [median(gathers[0]), median(gathers[1])];
  console.log(
    `${duty > 0 ? `busy thread ${duty * 100}% of the time` : "no busy thread"}`.padEnd(28) +
      sp.toFixed(1).padStart(11) +
      sa.toFixed(1).padStart(17) +
      (sa / sp).toFixed(2).padStart(8) +
      gp.toFixed(1).padStart(16) +
      ga.toFixed(1).padStart(19) +
      `${((100 * used) / asked).toFixed(0)}%`.padStart(15),
  );
  const ratios = steps[1].map((v, r) => v / steps[0][r]!);
  console.log(
    `  per-round ratios (prefetch / plain, each pair run back to back): min ${Math.min(...ratios).toFixed(2)}, median ${median(ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}`,
  );
}
console.log(
  "helper ready: the share of the prefetched steps whose batch the helper had done; the rest the caller gathered itself",
);

// The default run's 10,000 steps as train-mnist draws them (fillInts from one seeded generator,
// here drawn a step ahead), fresh parameters each run, plain and prefetched runs alternated.
/** Seconds of the steps alone (the seeded draws are outside the timing). */
function fullRun(prefetch: boolean): number {
  const tr = createTrainer(twoLayer(initTwoLayer(rng(0), I, H, O)), B);
  const g = rng(1);
  const bufs = [new Int32Array(B), new Int32Array(B)];
  g.fillInts(bufs[0]!, N);
  let ms = 0;
  for (let i = 0; i < 10_000; i++) {
    const cur = bufs[i & 1]!,
      next = bufs[(i + 1) & 1]!;
    g.fillInts(next, N);
    const s = performance.now();
    if (prefetch) tr.prefetch(X, Y, next);
    tr.stepRows(X, Y, cur);
    ms += performance.now() - s;
  }
  return ms / 1000;
}
const full: [number[], number[]] = [[], []];
for (let r = 0; r < FULL_PAIRS; r++)
  for (const pf of r % 2 === 0 ? [false, true] : [true, false]) full[+pf]!.push(fullRun(pf));
console.log(
  `the default run's 10,000 steps (${FULL_PAIRS} alternated pairs, medians): plain ${median(full[0]).toFixed(2)} s, prefetch ${median(full[1]).toFixed(2)} s (${(median(full[1]) / median(full[0])).toFixed(2)}x); plain ${full[0].map((v) => v.toFixed(2)).join(" ")}, prefetch ${full[1].map((v) => v.toFixed(2)).join(" ")}`,
);
stopThreads();
