// Trainer.prefetch (src/nn/gather-ahead.ts): a helper thread gathers the next batch. A hint only:
// losses and parameters must be the same bits with and without it, whichever form the helper
// leaves the batch in (nonzero lists, dense rows too dense to list, rows for the TS kernels),
// and the helper's batches must really be used. The step stays allocation-free; one thread means
// no helper; a program that prefetched still exits by itself.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  accuracy,
  asLabels,
  createTrainer,
  evalSet,
  fromTypedArray,
  initTwoLayer,
  rng,
  sgd,
  sparseRows,
  twoLayer,
  type Matrix,
  type SparseRows,
} from "../../src/index.js";
import { lastSetShare } from "../../src/nn/eval-set.js";
import { setKernelFamily, setThreads } from "../../src/kernels/settings.js";
import { poolFor, stopThreads } from "../../src/kernels/threads/pool.js";
import { setThreadProvider } from "../../src/kernels/threads/provider.js";
import { MAX_FAILURES, prefetchStats, resetGatherHelper } from "../../src/nn/gather-ahead.js";
import { HELPER_WORKER_URL } from "../../src/nn/helper-url.js";
import { allocationCount, type DType } from "../../src/shape/dtype.js";
import { countAllocations, restoreThreadSettings } from "./helpers.js";

restoreThreadSettings();

const B = 100,
  I = 784;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** MNIST's shape: `n` rows of 784, a fraction `density` of them nonzero (MNIST: about 0.19). */
function rows(n: number, density: number, dtype: DType, seed = 1) {
  const g = rng(seed);
  const data = dtype === "f64" ? new Float64Array(n * I) : new Float32Array(n * I);
  for (let i = 0; i < data.length; i++) if (g.next() < density) data[i] = g.next() + 1e-3;
  const X = fromTypedArray(data, n, I);
  const y = asLabels(
    Int32Array.from({ length: n }, () => g.int(10)),
    n,
  );
  return { X, y, S: sparseRows(X) };
}

type Data = ReturnType<typeof rows>;

function resetStats(): void {
  prefetchStats.used = prefetchStats.notStarted = prefetchStats.notDone = 0;
  prefetchStats.unmatched = prefetchStats.dropped = 0;
}

/**
 * Trains `steps` seeded steps on rows of `d`; with `prefetch`, each step's batch is announced a
 * step ahead, and with `pause` the caller leaves the helper a moment to finish it (as a real step's
 * compute would), outside `measure`, which wraps each prefetch + step.
 */
async function train(
  d: Data,
  dtype: DType,
  steps: number,
  opts: {
    prefetch: boolean;
    pause?: boolean;
    measure?: (f: () => void) => void;
    edit?: (t: number) => boolean;
    /** Step (and prefetch) from the compressed rows d.S instead of d.X. */
    sparse?: boolean;
  },
) {
  const X = opts.sparse ? d.S : d.X;
  const params = initTwoLayer(rng(3), I, 50, 10, { dtype, std: 0.1 });
  const trainer = createTrainer(twoLayer(params), B, { optimizer: sgd({ lr: 0.1 }) });
  const order = new Int32Array((steps + 1) * B);
  rng(9).fillInts(order, d.X.rows);
  const batch = Array.from({ length: steps + 1 }, (_, t) => order.subarray(t * B, (t + 1) * B));
  const losses: number[] = [];
  const measure = opts.measure ?? ((f) => f());
  for (let t = 0; t < steps; t++) {
    // X's values changed: the helper's copy is stale (the contract in Trainer.prefetch's doc).
    if (opts.edit?.(t) && opts.prefetch) trainer.prefetchReset();
    measure(() => {
      if (opts.prefetch) trainer.prefetch(X as never, d.y, batch[t + 1]!);
      losses.push(trainer.stepRows(X as never, d.y, batch[t]!));
    });
    if (opts.pause) await sleep(2);
  }
  return { losses, params };
}

/** Starts the helper and gives it X, with a throwaway trainer, until it has served a batch. */
async function warm(d: Data, dtype: DType, sparse = false): Promise<void> {
  const X = sparse ? d.S : d.X;
  setThreads(2);
  resetStats();
  const params = initTwoLayer(rng(0), I, 50, 10, { dtype });
  const trainer = createTrainer(twoLayer(params), B);
  const idx = new Int32Array(B);
  for (let attempt = 0; attempt < 400 && prefetchStats.used === 0; attempt++) {
    trainer.prefetch(X as never, d.y, idx);
    await sleep(30);
    trainer.stepRows(X as never, d.y, idx);
  }
  if (prefetchStats.used === 0)
    throw new Error(`the gather helper never served a batch: ${String(poolFor(HELPER_WORKER_URL).lastError)}`);
  resetStats();
}

function expectSameBits(a: Awaited<ReturnType<typeof train>>, b: Awaited<ReturnType<typeof train>>): void {
  expect(a.losses.length).toBe(b.losses.length);
  for (let t = 0; t < a.losses.length; t++) expect(Object.is(a.losses[t], b.losses[t]), `loss at step ${t}`).toBe(true);
  for (const k of ["W1", "b1", "W2", "b2"] as const) {
    const x = a.params[k].data,
      y = b.params[k].data;
    const bytes = (v: typeof x) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    expect(Buffer.compare(bytes(x), bytes(y)), k).toBe(0);
  }
}

/** Trains `steps` steps with prefetch (the helper warmed first; from the compressed rows d.S when
 * `sparse`) and without (from X): the same bits, and the helper's batches used in more than
 * `minUsed` steps. Returns the prefetched run. */
async function expectSameWithPrefetch(d: Data, dtype: DType, steps: number, minUsed: number, sparse = false) {
  await warm(d, dtype, sparse);
  const a = await train(d, dtype, steps, { prefetch: true, pause: true, sparse });
  const used = prefetchStats.used;
  const b = await train(d, dtype, steps, { prefetch: false });
  expectSameBits(a, b);
  expect(used).toBeGreaterThan(minUsed);
  return a;
}

describe("Trainer.prefetch: the same bits, from the helper's batches", () => {
  it("MNIST-shaped float32 rows on the wasm kernels (the helper's nonzero lists): 300 steps", async () => {
    // Most steps take the helper's batch (it has 2 ms to gather each).
    const a = await expectSameWithPrefetch(rows(3000, 0.19, "f32"), "f32", 300, 150);
    expect(a.losses[299]).toBeLessThan(a.losses[0]!);
  }, 60_000);

  it("compressed rows (sparseRows): the helper lists them where they are, and the bits are dense X's", async () => {
    await expectSameWithPrefetch(rows(3000, 0.19, "f32", 13), "f32", 200, 100, true);
  }, 60_000);

  it("compressed rows too dense to list, and on the TS kernels: the helper's rows, the same bits", async () => {
    await expectSameWithPrefetch(rows(1000, 0.6, "f32", 14), "f32", 60, 30, true);
    setKernelFamily("js");
    await expectSameWithPrefetch(rows(1000, 0.19, "f64", 15), "f64", 40, 20, true);
  }, 60_000);

  it("rows too dense to list (the helper's dense rows, not listed again)", async () => {
    await expectSameWithPrefetch(rows(1000, 0.6, "f32", 2), "f32", 100, 50);
  }, 60_000);

  it("float64 on the TS kernels (no lists: the helper's rows)", async () => {
    setKernelFamily("js");
    await expectSameWithPrefetch(rows(1000, 0.19, "f64", 3), "f64", 60, 30);
  }, 60_000);

  it("X written in place, then prefetchReset: the helper copies X again and the bits stay the plain run's", async () => {
    const d = rows(1000, 0.19, "f32", 4);
    const original = d.X.data.slice();
    // Every 10 steps some rows change in place (a data augmentation, say).
    const edit = (t: number) => {
      if (t % 10 !== 5) return false;
      for (let i = 0; i < 200 * I; i++) d.X.data[(t * 37 * I + i) % d.X.data.length] *= 0.5;
      return true;
    };
    await warm(d, "f32");
    const a = await train(d, "f32", 60, { prefetch: true, pause: true, edit });
    const used = prefetchStats.used;
    d.X.data.set(original);
    const b = await train(d, "f32", 60, { prefetch: false, edit });
    expectSameBits(a, b);
    expect(used).toBeGreaterThan(20);
  }, 60_000);

  it("hints that do not match the step (other indices, another X) change nothing", async () => {
    const d = rows(1000, 0.19, "f32", 5);
    const other = rows(1000, 0.19, "f32", 6);
    await warm(d, "f32");
    const params = initTwoLayer(rng(3), I, 50, 10, { std: 0.1 });
    const trainer = createTrainer(twoLayer(params), B, { optimizer: sgd({ lr: 0.1 }) });
    const order = new Int32Array(41 * B);
    rng(9).fillInts(order, 1000);
    const losses: number[] = [];
    for (let t = 0; t < 40; t++) {
      const next = order.subarray((t + 1) * B, (t + 2) * B);
      // Odd steps announce the right rows of another X, even ones the wrong rows of this X.
      if (t % 2) trainer.prefetch(other.X as never, other.y, next);
      else trainer.prefetch(d.X as never, d.y, order.subarray(((t + 3) % 40) * B, ((t + 3) % 40) * B + B));
      await sleep(2);
      losses.push(trainer.stepRows(d.X as never, d.y, order.subarray(t * B, (t + 1) * B)));
    }
    expect(prefetchStats.used).toBe(0);
    const b = await train(d, "f32", 40, { prefetch: false });
    expectSameBits({ losses, params }, b);
  }, 60_000);
});

describe("one helper for both jobs: it evaluates between the batches it gathers", () => {
  it("an evaluation set made and run while the helper serves a trainer: the one-thread count, batches still served", async () => {
    const d = rows(5000, 0.19, "f32", 16);
    await warm(d, "f32", true);
    const S = d.S as SparseRows<number, 784, "f32">,
      X = d.X as Matrix<number, 784, "f32">;
    const net = twoLayer(initTwoLayer(rng(3), I, 50, 10, { std: 0.1 }));
    const trainer = createTrainer(net, B);
    const order = new Int32Array(101 * B);
    rng(4).fillInts(order, 5000);
    const batch = (t: number) => order.subarray(t * B, (t + 1) * B);
    trainer.prefetch(S, d.y, batch(0));
    await sleep(5);
    // Made while the helper waits on the trainer's slots: the set's rows reach it only through
    // its own reading of its messages (evalSet waits until the helper holds them).
    const set = evalSet(S, d.y);
    expect(set.threads).toBe(2);
    const snapshot = twoLayer(initTwoLayer(rng(3), I, 50, 10, { std: 0.1 })); // net before training
    const pending = set.accuracyLater(net);
    resetStats();
    for (let t = 0; t < 100; t++) {
      trainer.prefetch(S, d.y, batch(t + 1));
      trainer.stepRows(S, d.y, batch(t));
      await sleep(1);
    }
    await sleep(50);
    expect(pending.ready).toBe(true); // the helper finished it alone, between batches
    const got = pending.wait();
    expect(lastSetShare.helperChunks).toBe(5);
    setThreads(1);
    expect(got).toBe(accuracy(snapshot, X, d.y));
    expect(prefetchStats.used).toBeGreaterThan(50);
    set.release();
  }, 60_000);
});

describe("Trainer.prefetch: slots", () => {
  it("batches announced but never stepped (an epoch's last) do not keep the slots from later ones", async () => {
    const d = rows(1000, 0.19, "f32", 11);
    await warm(d, "f32");
    const trainer = createTrainer(twoLayer(initTwoLayer(rng(3), I, 50, 10)), B);
    const order = new Int32Array(21 * B);
    for (let epoch = 0; epoch < 6; epoch++) {
      rng(epoch).fillInts(order, 1000);
      const before = prefetchStats.used,
        dropped = prefetchStats.dropped;
      // 20 steps, each announcing the next: the 21st batch is announced and never stepped.
      for (let t = 0; t < 20; t++) {
        trainer.prefetch(d.X as never, d.y, order.subarray((t + 1) * B, (t + 2) * B));
        await sleep(2);
        trainer.stepRows(d.X as never, d.y, order.subarray(t * B, (t + 1) * B));
      }
      // No ask is dropped: the stale one is replaced (before, they filled every slot by epoch 2).
      expect(prefetchStats.dropped - dropped, `epoch ${epoch}`).toBe(0);
      expect(prefetchStats.used - before, `epoch ${epoch}`).toBeGreaterThan(5);
    }
  }, 60_000);
});

describe("Trainer.prefetch: costs and settings", () => {
  it("allocates nothing per step once running, whether or not the helper's batch is ready", async () => {
    const d = rows(3000, 0.19, "f32", 7);
    await warm(d, "f32");
    let counts = { allocate: 0, typedArrays: 0, views: 0 };
    let steps = 0;
    await train(d, "f32", 120, {
      prefetch: true,
      pause: true,
      measure: (f) => {
        // The first steps make the trainer's slots (and post the job): not steady state.
        if (steps++ < 3) return f();
        const c = countAllocations(allocationCount, f);
        counts = {
          allocate: counts.allocate + c.allocate,
          typedArrays: counts.typedArrays + c.typedArrays,
          views: counts.views + c.views,
        };
      },
    });
    expect(prefetchStats.used).toBeGreaterThan(50);
    // Without pauses the caller mostly takes its batches back (the helper has not started them).
    await train(d, "f32", 60, {
      prefetch: true,
      measure: (f) => {
        if (steps++ < 123) return f();
        const c = countAllocations(allocationCount, f);
        counts.views += c.views;
        counts.typedArrays += c.typedArrays;
        counts.allocate += c.allocate;
      },
    });
    expect(counts).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
  }, 60_000);

  /** With `threads` set and no helper able to run: prefetch starts none, counts nothing and
   * changes no bit. */
  async function expectNoOpPrefetch(threads: number, seed: number): Promise<void> {
    setThreads(threads);
    resetStats();
    const d = rows(500, 0.19, "f32", seed);
    const a = await train(d, "f32", 20, { prefetch: true, pause: true });
    expect(poolFor(HELPER_WORKER_URL).alive()).toBe(0);
    expect(prefetchStats).toEqual({ used: 0, notStarted: 0, notDone: 0, unmatched: 0, dropped: 0 });
    expectSameBits(a, await train(d, "f32", 20, { prefetch: false }));
  }

  it("one thread: prefetch is a no-op and starts no helper", async () => {
    stopThreads();
    await expectNoOpPrefetch(1, 8);
  });

  it("no thread provider (a browser): prefetch is a no-op", async () => {
    stopThreads();
    const real = setThreadProvider(null);
    try {
      await expectNoOpPrefetch(2, 12);
    } finally {
      setThreadProvider(real);
    }
  });

  it("a helper that cannot start is started again at most MAX_FAILURES times, and the bits stay the plain run's", async () => {
    stopThreads();
    let spawns = 0;
    const real = setThreadProvider({
      parallelism: () => 2,
      spawn(_url, onError) {
        spawns++;
        setTimeout(() => onError(new Error("cannot start")), 0);
        return { postMessage() {}, terminate() {} };
      },
    });
    try {
      setThreads(2);
      resetGatherHelper();
      resetStats();
      const d = rows(500, 0.19, "f32", 10);
      const a = await train(d, "f32", 40, { prefetch: true, pause: true });
      expect(spawns).toBe(MAX_FAILURES);
      expect(prefetchStats.used).toBe(0);
      const b = await train(d, "f32", 40, { prefetch: false });
      expectSameBits(a, b);
    } finally {
      stopThreads();
      setThreadProvider(real);
      resetGatherHelper();
    }
  });

  it("checks its arguments as stepRows does", () => {
    const d = rows(300, 0.19, "f32", 9);
    const trainer = createTrainer(twoLayer(initTwoLayer(rng(3), I, 50, 10)), B);
    const idx = new Int32Array(B);
    expect(() => trainer.prefetch(d.X as never, d.y, idx.subarray(0, 99))).toThrow(
      "prefetch: 99 indices but the batch size is 100",
    );
    idx[7] = 300;
    expect(() => trainer.prefetch(d.X as never, d.y, idx)).toThrow(
      "prefetch: index 300 at position 7 is out of range for X's 300 rows",
    );
    expect(() => trainer.prefetch(d.X as never, asLabels(new Int32Array(10), 10) as never, idx)).toThrow(
      "prefetch: 10 labels for X's 300 rows",
    );
  });

  it("a program that prefetched exits by itself (the helper never keeps it alive)", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const script = [
      'const { createTrainer, initTwoLayer, twoLayer, rng, zeros, asLabels } = await import("./src/index.ts");',
      'const { prefetchStats } = await import("./src/nn/gather-ahead.ts");',
      "const X = zeros(500, 784); for (let i = 0; i < X.data.length; i += 5) X.data[i] = 1;",
      "const y = asLabels(new Int32Array(500), 500);",
      "const tr = createTrainer(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), 100);",
      "const idx = new Int32Array(100);",
      "for (let t = 0; t < 400 && prefetchStats.used === 0; t++) {",
      "  tr.prefetch(X, y, idx); await new Promise((r) => setTimeout(r, 30)); tr.stepRows(X, y, idx);",
      "}",
      "console.log(prefetchStats.used);",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TYPED_TENSOR_THREADS: "2" },
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0); // exited by itself, the helper asleep waiting for asks
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  }, 40_000);
});
