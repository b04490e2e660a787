// The autodiff trainer's prefetch (examples/lib/autodiff-trainer.ts): the rows a helper thread
// gathered ahead are the rows the step would gather itself, so losses and parameters are the same
// bits with and without it, and the helper's batches are really used.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { asLabels, fromTypedArray, initTwoLayer, rng, sgd, twoLayer } from "../../../src/index.js";
import { setThreads, threadSetting } from "../../../src/kernels/settings.js";
import { stopThreads } from "../../../src/kernels/threads/pool.js";
import { prefetchStats } from "../../../src/nn/gather-ahead.js";
import { createAutodiffTrainer } from "../../../examples/lib/autodiff-trainer.js";

const initialThreads = threadSetting();
afterEach(() => setThreads(initialThreads));
afterAll(() => stopThreads());

const B = 50,
  I = 784,
  n = 2000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const g = rng(1);
const data = new Float32Array(n * I);
for (let i = 0; i < data.length; i++) if (g.next() < 0.19) data[i] = g.next() + 1e-3;
const X = fromTypedArray(data, n, I);
const y = asLabels(
  Int32Array.from({ length: n }, () => g.int(10)),
  n,
);

async function train(prefetch: boolean, steps: number) {
  const params = initTwoLayer(rng(3), I, 30, 10, { std: 0.1 });
  const trainer = createAutodiffTrainer(twoLayer(params), B, { optimizer: sgd({ lr: 0.1 }) });
  const order = new Int32Array((steps + 1) * B);
  rng(9).fillInts(order, n);
  const batch = (t: number) => order.subarray(t * B, (t + 1) * B);
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    if (prefetch) trainer.prefetch(X as never, y, batch(t + 1));
    // A pause stands in for a longer step's compute: time for the helper to finish the batch.
    if (prefetch) await sleep(2);
    losses.push(trainer.stepRows(X as never, y, batch(t)));
  }
  return { losses, W1: params.W1.data.slice() };
}

describe("createAutodiffTrainer: prefetch", () => {
  it("the same losses and parameters, bit for bit, with the helper's batches used", async () => {
    setThreads(1);
    const plain = await train(false, 150);
    setThreads(2);
    prefetchStats.used = 0;
    let ahead = await train(true, 150);
    // The helper starts in the background (and compiles its sources first): train until it served.
    for (let k = 0; k < 20 && prefetchStats.used < 20; k++) {
      prefetchStats.used = 0;
      ahead = await train(true, 150);
    }
    expect(prefetchStats.used).toBeGreaterThanOrEqual(20);
    expect(ahead.losses).toEqual(plain.losses);
    expect(Buffer.compare(Buffer.from(ahead.W1.buffer), Buffer.from(plain.W1.buffer))).toBe(0);
  }, 60_000);

  it("checks a prefetch's arguments as stepRows does", () => {
    const trainer = createAutodiffTrainer(twoLayer(initTwoLayer(rng(3), I, 30, 10)), B);
    expect(() => trainer.prefetch(X as never, y, new Int32Array(3))).toThrow("3 indices but the batch size is 50");
    expect(() => trainer.prefetch(X as never, y, new Int32Array(B).fill(n))).toThrow(
      `prefetch: index ${n} at position 0 is out of range for X's ${n} rows`,
    );
  });
});
