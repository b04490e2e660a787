// Would the training step's two big products pay on two threads? The best case, measured: X·W₁
// (from the batch's nonzero lists) split by batch rows and Xᵀ·dZ split by input columns (so each
// element of dW₁ sums the same terms in the same order: the same bits as one thread, checked),
// each thread running its half from operands already in its own wasm memory, as a shared memory
// would have them; only the hand-off (chunk-queue.ts's waitWhile: a short spin, then
// Atomics.wait) is paid, twice per product. Against one thread running both whole, alternated in
// blocks. Real MNIST rows; the operands' values are fixed (the products' cost does not depend on
// them). The copies an unshared design would add (W₁ and dZ in, dW₁'s half back) are not here.
//
//   npx tsx bench/split-products.ts [--steps 4000]
import { Worker } from "node:worker_threads";
import { loadavg } from "node:os";
import { waitWhile } from "../src/kernels/threads/chunk-queue.js";
import { median } from "./timing.js";
import { batchRows, halves, B, I, H } from "./split-products-half.js";

const stepsArg = process.argv.indexOf("--steps");
const STEPS = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 4000;
if (!Number.isInteger(STEPS) || STEPS < 400)
  throw new Error("bench/split-products: --steps needs a whole number >= 400");

const { X, W1, dZ } = batchRows();
const whole = halves(X, W1, dZ, -1);
const mine = halves(X, W1, dZ, 0);
// ctl: 0 request number, 1 the product asked for (1 X·W₁, 2 Xᵀ·dZ, 3 copy results out, -1 stop),
// 2 the last request done. The helper's halves come back through `res` for the bit check.
const ctl = new Int32Array(new SharedArrayBuffer(16));
const res = new Float32Array(new SharedArrayBuffer((B / 2) * H * 4 + (I / 2) * H * 4));
// Node 20 does not pass tsx's module hooks to a worker: it loads its TypeScript through tsx's API
// (as src/kernels/threads/provider.ts does).
const url = new URL("./split-products-worker.ts", import.meta.url).href;
const worker = new Worker(
  `import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`,
  {
    eval: true,
    workerData: { X, W1, dZ, ctl, res },
  },
);
worker.unref();
// Started and its halves built (or failed) before this thread starts blocking in waits.
await new Promise<void>((ready, failed) => {
  worker.once("message", () => ready());
  worker.once("error", failed);
  worker.once("exit", (code) => failed(new Error(`bench/split-products: the helper exited (${code})`)));
});
let seq = 0;
function ask(op: number): void {
  ctl[1] = op;
  Atomics.store(ctl, 0, ++seq);
  Atomics.notify(ctl, 0);
}
function awaitHelper(): void {
  while (Atomics.load(ctl, 2) !== seq) waitWhile(ctl, 2, seq - 1, 1000);
}
function split(): void {
  ask(1);
  mine.forward();
  awaitHelper();
  ask(2);
  mine.backward();
  awaitHelper();
}
function one(): void {
  whole.forward();
  whole.backward();
}

const oneUs: number[] = [],
  splitUs: number[] = [];
const block = Math.max(100, Math.floor(STEPS / 20));
for (let done = -block; done < STEPS; done += block) {
  let t0 = performance.now();
  for (let s = 0; s < block; s++) one();
  const a = ((performance.now() - t0) * 1000) / block;
  t0 = performance.now();
  for (let s = 0; s < block; s++) split();
  const b = ((performance.now() - t0) * 1000) / block;
  if (done >= 0) (oneUs.push(a), splitUs.push(b)); // the first block warms up
}
ask(3);
awaitHelper();
ask(-1);
const same =
  bitsEqual(mine.z, whole.z.subarray(0, (B / 2) * H)) &&
  bitsEqual(res.subarray(0, (B / 2) * H), whole.z.subarray((B / 2) * H)) &&
  bitsEqual(mine.dW1, whole.dW1.subarray(0, (I / 2) * H)) &&
  bitsEqual(res.subarray((B / 2) * H), whole.dW1.subarray((I / 2) * H));
const o = median(oneUs),
  t = median(splitUs);
console.log(
  `X·W₁ + Xᵀ·dZ (batch ${B} of real MNIST rows, ${I}-${H}, from nonzero lists), µs per step, medians of ` +
    `${oneUs.length} alternated blocks of ${block}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}:`,
);
console.log(
  `  one thread ${o.toFixed(1)} µs; split over two threads, operands already in place, two round trips ` +
    `${t.toFixed(1)} µs (${(o / t).toFixed(2)}x); the same bits: ${same ? "yes" : "NO"}`,
);
await worker.terminate();

function bitsEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length),
    y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
