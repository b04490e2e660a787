// The autodiff trainer's batches (examples/lib/autodiff-trainer.ts): a helper thread's lists or
// rows gathered ahead, or lists copied from compressed rows, are the batch the step would gather
// and list itself, so losses and parameters are the same bits every way, and the helper's
// batches are really used. The tape's products run from the trainer's lists (useLists): a batch
// listed from elsewhere never writes xb, so a product that read xb would see the last batch.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { asLabels, fromTypedArray, initTwoLayer, rng, sgd, sparseRows, twoLayer } from "../../../src/index.js";
import { kernelFamily, setKernelFamily, setThreads, threadSetting } from "../../../src/kernels/settings.js";
import { stopThreads } from "../../../src/kernels/threads/pool.js";
import { prefetchStats } from "../../../src/nn/gather-ahead.js";
import { createAutodiffTrainer } from "../../../examples/lib/autodiff-trainer.js";

const initialThreads = threadSetting(),
  initialFamily = kernelFamily();
afterEach(() => {
  setThreads(initialThreads);
  setKernelFamily(initialFamily);
});
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

const S = sparseRows(X);

async function train(prefetch: boolean, steps: number, compressed = false) {
  const from = compressed ? S : X;
  const params = initTwoLayer(rng(3), I, 30, 10, { std: 0.1 });
  const trainer = createAutodiffTrainer(twoLayer(params), B, { optimizer: sgd({ lr: 0.1 }) });
  const order = new Int32Array((steps + 1) * B);
  rng(9).fillInts(order, n);
  const batch = (t: number) => order.subarray(t * B, (t + 1) * B);
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    if (prefetch) trainer.prefetch(from as never, y, batch(t + 1));
    // A pause stands in for a longer step's compute: time for the helper to finish the batch.
    if (prefetch) await sleep(2);
    losses.push(trainer.stepRows(from as never, y, batch(t)));
  }
  return { losses, W1: params.W1.data.slice() };
}

/** Trains with prefetch on two threads until the helper's batches were used in 20 steps (it
 * starts in the background and compiles its sources first). */
async function trainWithHelper(steps: number, compressed = false) {
  setThreads(2);
  prefetchStats.used = 0;
  let ahead = await train(true, steps, compressed);
  for (let k = 0; k < 20 && prefetchStats.used < 20; k++) {
    prefetchStats.used = 0;
    ahead = await train(true, steps, compressed);
  }
  expect(prefetchStats.used).toBeGreaterThanOrEqual(20);
  return ahead;
}

function expectSameRun(a: Awaited<ReturnType<typeof train>>, b: Awaited<ReturnType<typeof train>>): void {
  expect(a.losses).toEqual(b.losses);
  expect(Buffer.compare(Buffer.from(a.W1.buffer), Buffer.from(b.W1.buffer))).toBe(0);
}

describe("createAutodiffTrainer: prefetch", () => {
  it("the same losses and parameters, bit for bit, with the helper's batches used", async () => {
    setThreads(1);
    const plain = await train(false, 150);
    expectSameRun(await trainWithHelper(150), plain);
  }, 60_000);

  it("from compressed rows, with and without the helper: the bits of the dense rows", async () => {
    setThreads(1);
    const plain = await train(false, 150);
    expectSameRun(await train(false, 150, true), plain);
    expectSameRun(await trainWithHelper(150, true), plain);
  }, 60_000);

  it("on the TS kernels (no lists: the rows expanded), from compressed rows too: the same bits", async () => {
    setThreads(1);
    setKernelFamily("js");
    expectSameRun(await train(false, 40, true), await train(false, 40));
  });

  it("checks a prefetch's arguments as stepRows does", () => {
    const trainer = createAutodiffTrainer(twoLayer(initTwoLayer(rng(3), I, 30, 10)), B);
    expect(() => trainer.prefetch(X as never, y, new Int32Array(3))).toThrow("3 indices but the batch size is 50");
    expect(() => trainer.prefetch(X as never, y, new Int32Array(B).fill(n))).toThrow(
      `prefetch: index ${n} at position 0 is out of range for X's ${n} rows`,
    );
  });
});
