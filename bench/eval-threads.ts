// Evaluation scaling: the example's evaluation (accuracy over MNIST's 60,000 training and 10,000
// test rows) on one thread and on 2..N threads, alternated round by round in one process; wall
// time per pass (threads make CPU time the wrong clock), medians, and the speed-up over one
// thread. Three ways: evalSet on compressed rows (sparseRows, shared with the helpers: what
// train-mnist uses), evalSet on X (the rows copied to each helper once) and accuracy() (the caller
// copies the helpers' rows into shared memory on every pass). Also predict over the test rows,
// and how many chunks the helpers ran.
//
//   npx tsx bench/eval-threads.ts [--rounds 9]
import { cpus, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { loadMnist } from "../src/data/load-node.js";
import { setThreads } from "../src/kernels/settings.js";
import { stopThreads } from "../src/kernels/threads/pool.js";
import { lastEvalShare } from "../src/nn/eval-threads.js";
import { accuracy, createTrainer, initTwoLayer, predict, twoLayer } from "../src/nn/two-layer.js";
import { evalSet, lastSetShare } from "../src/nn/eval-set.js";
import { sparseRows } from "../src/ops/sparse-rows.js";
import { rng } from "../src/random/rng.js";
import { median } from "./timing.js";

const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 9;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error("bench/eval-threads: --rounds needs a whole number >= 1");

const { train, test } = await loadMnist();
const counts = [1, ...Array.from({ length: Math.max(1, cpus().length - 1) }, (_, i) => i + 2)];
// The sets are made for the most threads; with fewer, the extra helpers sit the pass out.
setThreads(counts[counts.length - 1]!);
// Before the trainer: its workspaces pin the caller's wasm memory, and a set of compressed rows
// then could not hold its copy there (kernels/wasm/held-rows.ts).
const tSets = performance.now();
const trainSet = evalSet(train.images, train.labels),
  testSet = evalSet(test.images, test.labels);
const setupMs = performance.now() - tSets;
const tSparse = performance.now();
const sparseTrain = evalSet(sparseRows(train.images), train.labels),
  sparseTest = evalSet(sparseRows(test.images), test.labels);
const sparseSetupMs = performance.now() - tSparse;
// A net part-way through the seed's training (600 steps), so the hidden layer is not uniform.
const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
const trainer = createTrainer(net, 100);
const gen = rng(1);
const idx = new Int32Array(100);
for (let s = 0; s < 600; s++) {
  for (let j = 0; j < 100; j++) idx[j] = gen.int(train.images.rows);
  trainer.stepRows(train.images, train.labels, idx);
}

const sparseMs = new Map<number, number[]>(counts.map((c) => [c, []]));
const sparseShare = new Map<number, number[]>(counts.map((c) => [c, []]));
const setMs = new Map<number, number[]>(counts.map((c) => [c, []]));
const setShare = new Map<number, number[]>(counts.map((c) => [c, []]));
const evalMs = new Map<number, number[]>(counts.map((c) => [c, []]));
const predictMs = new Map<number, number[]>(counts.map((c) => [c, []]));
const helperShare = new Map<number, number[]>(counts.map((c) => [c, []]));
const results = new Set<string>();
console.log(
  `evaluation (accuracy over 60,000 + 10,000 MNIST rows) and predict (10,000 rows), threads ${counts.join(", ")}, ` +
    `${ROUNDS} rounds alternated; load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
);
for (let r = -1; r < ROUNDS; r++) {
  for (const c of counts) {
    setThreads(c);
    const c0 = performance.now();
    const ca = sparseTrain.accuracy(net);
    const cShare = lastSetShare.helperChunks / lastSetShare.chunks;
    const cb = sparseTest.accuracy(net);
    const c1 = performance.now();
    const s0 = performance.now();
    const sa = trainSet.accuracy(net);
    const sShare = lastSetShare.helperChunks / lastSetShare.chunks;
    const sb = testSet.accuracy(net);
    const s1 = performance.now();
    const t0 = performance.now();
    const a = accuracy(net, train.images, train.labels);
    const share = lastEvalShare.helperChunks / lastEvalShare.chunks;
    const b = accuracy(net, test.images, test.labels);
    const t1 = performance.now();
    const p = predict(net, test.images);
    const t2 = performance.now();
    let h = 0;
    for (let k = 0; k < p.data.length; k++) h = (h * 31 + Math.round(p.data[k]! * 2 ** 24)) % 2 ** 31;
    results.add(`${a} ${b} ${h}`);
    results.add(`${sa} ${sb} ${h}`);
    results.add(`${ca} ${cb} ${h}`);
    if (r < 0) continue; // the first round warms up (and starts the helpers)
    sparseMs.get(c)!.push(c1 - c0);
    sparseShare.get(c)!.push(cShare);
    setMs.get(c)!.push(s1 - s0);
    setShare.get(c)!.push(sShare);
    evalMs.get(c)!.push(t1 - t0);
    predictMs.get(c)!.push(t2 - t1);
    helperShare.get(c)!.push(share);
  }
}
stopThreads();
const base = median(evalMs.get(1)!),
  pbase = median(predictMs.get(1)!),
  sbase = median(setMs.get(1)!),
  cbase = median(sparseMs.get(1)!);
/** One way's lines: per thread count, the median pass, its speed-up, the helpers' share, every
 * round's time, and `extra` (predict, for accuracy()). */
function report(title: string, ms: Map<number, number[]>, share: Map<number, number[]>, extra = (_c: number) => "") {
  console.log(title);
  const one = median(ms.get(1)!);
  for (const c of counts) {
    const e = median(ms.get(c)!);
    console.log(
      `  ${c} thread${c > 1 ? "s" : " "}: evaluation ${e.toFixed(1).padStart(7)} ms (${(one / e).toFixed(2)}x)   ` +
        `${extra(c)}rows run by helpers ${(100 * median(share.get(c)!)).toFixed(0)}%   ` +
        `raw evaluation ms: ${ms
          .get(c)!
          .map((x) => x.toFixed(0))
          .join(" ")}`,
    );
  }
}
report(
  `evalSet on compressed rows (sparseRows, compressed and the helpers started in ${sparseSetupMs.toFixed(0)} ms ` +
    "before the rounds; train-mnist's way):",
  sparseMs,
  sparseShare,
);
report(
  `evalSet on X (rows copied to the helpers once, in ${setupMs.toFixed(0)} ms before the rounds):`,
  setMs,
  setShare,
);
report(
  "accuracy(net, X, labels) and predict (the helpers' rows staged through shared memory on every pass):",
  evalMs,
  helperShare,
  (c) => {
    const p = median(predictMs.get(c)!);
    return `predict ${p.toFixed(1).padStart(6)} ms (${(pbase / p).toFixed(2)}x)   `;
  },
);
const two = cbase / median(sparseMs.get(2)!),
  twoSet = sbase / median(setMs.get(2)!),
  twoPlain = base / median(evalMs.get(2)!);
console.log(
  `control, the machine's own ceiling: ${controlScaling().toFixed(2)}x for the same CPU-bound loop on 2 threads ` +
    "(1 thread's time for twice the work / 2 threads' time; 2.00 if the two cores are free and independent)",
);
console.log(
  `same accuracies and probabilities (hashed bits) on every thread count: ${results.size === 1 ? "yes" : "NO"}`,
);
console.log(
  `target: evaluation scales >= 1.7x from 1 to 2 threads: evalSet on compressed rows ${two.toFixed(2)}x, ` +
    `${two >= 1.7 ? "met" : "not met"} (evalSet on X ${twoSet.toFixed(2)}x, accuracy() ${twoPlain.toFixed(2)}x); ` +
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
);

/** The same fixed loop run once on this thread, then on this thread and a worker at once. */
function controlScaling(): number {
  const body =
    "let s = 0; const a = new Float64Array(1 << 16).fill(1.0001);" +
    "for (let r = 0; r < 1500; r++) for (let i = 0; i < a.length; i++) s += a[i] * a[(i * 7) & 65535];";
  const work = new Function(`${body} return s;`) as () => number;
  const ratios: number[] = [];
  work();
  work();
  work();
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now();
    work();
    work();
    const alone = performance.now() - t0;
    // 0: starting, 1: parked, 2: go, 3: done. The worker compiles its loop the same way (a Function)
    // and runs it a few times first, as this thread has (so both run optimized code).
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(
      `const { workerData: f } = require("node:worker_threads");
      const work = new Function(${JSON.stringify(`${body} return s;`)});
      work(); work(); work(); Atomics.store(f, 0, 1); Atomics.notify(f, 0); Atomics.wait(f, 0, 1); work();
      Atomics.store(f, 0, 3); Atomics.notify(f, 0);`,
      { eval: true, workerData: flag },
    );
    while (Atomics.load(flag, 0) !== 1) Atomics.wait(flag, 0, 0, 10);
    t0 = performance.now();
    Atomics.store(flag, 0, 2);
    Atomics.notify(flag, 0);
    work();
    while (Atomics.load(flag, 0) !== 3) Atomics.wait(flag, 0, 2, 10);
    const both = performance.now() - t0;
    void w.terminate();
    ratios.push(alone / both);
  }
  return median(ratios);
}
