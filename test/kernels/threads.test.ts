// Evaluation on helper threads: the same bits as the one-thread path (the oracle), the helpers
// really ran chunks, the hand-off protocol's edge cases, the thread setting, and no thread that
// outlives a test or keeps a process alive.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Matrix } from "../../src/shape/tensor.js";
import { restoreThreadSettings, mostlyZeros, withHelperChunks } from "../nn/helpers.js";
import { rng } from "../../src/random/rng.js";
import { accuracy, initTwoLayer, predict, twoLayer } from "../../src/nn/two-layer.js";
import { initMLP, mlp } from "../../src/nn/mlp.js";
import { asLabels } from "../../src/nn/labels.js";
import { setKernelFamily, setThreads, threadSetting } from "../../src/kernels/settings.js";
import { FrontEnd, SPIN_LOADS, newControl, serveBack, waitWhile } from "../../src/kernels/threads/chunk-queue.js";
import { Worker } from "node:worker_threads";
import { poolFor } from "../../src/kernels/threads/pool.js";
import { setThreadProvider, threadCount, threadProvider } from "../../src/kernels/threads/provider.js";
import { lastEvalShare } from "../../src/nn/eval-threads.js";
import { HELPER_WORKER_URL } from "../../src/nn/helper-url.js";

restoreThreadSettings();

const bits = (a: Float32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Runs `f` on two threads until the helper has run chunks of a pass. */
const withHelpers = <T>(f: () => T): Promise<T> => withHelperChunks(f, lastEvalShare);

function oneThread<T>(f: () => T): T {
  setThreads(1);
  const r = f();
  expect(lastEvalShare.helperChunks).toBe(0);
  return r;
}

describe("predict and accuracy on two threads", () => {
  // 9,301 rows: ten chunks of 1,000 and a ragged last one of 301.
  const n = 9301;
  const X = mostlyZeros(rng(1), n, 784, "f32");
  const labels = asLabels(
    Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10),
    n,
  );
  // The helper starts once (from the sources it compiles them through tsx first) and serves
  // every test below; only the last one stops it.
  beforeAll(async () => {
    await withHelpers(() => predict(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), X));
  }, 30_000);

  it("two-layer sigmoid, float32: the same bits as one thread, with the helper running chunks", async () => {
    const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
    const threaded = await withHelpers(() => predict(net, X));
    expect(lastEvalShare.chunks).toBe(10);
    const single = oneThread(() => predict(net, X));
    expect(bits(threaded.data)).toEqual(bits(single.data));
    const acc2 = await withHelpers(() => accuracy(net, X, labels));
    const acc1 = oneThread(() => accuracy(net, X, labels));
    expect(acc2).toBe(acc1);
    expect(acc1).toBeGreaterThan(0.02); // rows really counted: not all zero, not all right
    expect(acc1).toBeLessThan(0.5);
  });

  it("a three-layer relu MLP in float64, wasm and TS kernels: the same bits too", async () => {
    const X64 = mostlyZeros(rng(2), 3500, 100, "f64");
    const net = mlp(initMLP(rng(3), [100, 64, 32, 10], { dtype: "f64", init: "he" }), { activation: "relu" });
    const y = asLabels(
      Int32Array.from({ length: 3500 }, (_, i) => i % 10),
      3500,
    );
    for (const family of ["auto", "js"] as const) {
      setKernelFamily(family);
      const p2 = await withHelpers(() => net.predict(X64));
      const p1 = oneThread(() => net.predict(X64));
      expect(bits(p2.data)).toEqual(bits(p1.data));
      const a2 = await withHelpers(() => net.accuracy(X64, y));
      expect(a2).toBe(oneThread(() => net.accuracy(X64, y)));
    }
  });

  it("labels that are not numbers (a JS caller's strings) stay on one thread, with one-thread semantics", async () => {
    const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
    await withHelpers(() => accuracy(net, X, labels)); // helper started
    const strings = Array.from(labels, String) as unknown as typeof labels;
    setThreads(2);
    expect(accuracy(net, X, strings)).toBe(0); // "3" !== 3, exactly as on one thread
    expect(lastEvalShare.helperChunks).toBe(0);
  });

  it("a pass of one chunk stays on the calling thread", () => {
    const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
    setThreads(2);
    predict(net, new Matrix(X.data.subarray(0, 1000 * 784), 1000, 784));
    expect(lastEvalShare.helperChunks).toBe(0);
  });

  it("a helper that never answers, then fails, costs nothing but its error: the caller runs every chunk", async () => {
    const real = threadProvider()!;
    const pool = poolFor(HELPER_WORKER_URL);
    pool.stop();
    try {
      // A thread that takes jobs and never serves them, then reports a failure to start.
      setThreadProvider({
        parallelism: () => 2,
        spawn: (_url, onError) => {
          setTimeout(() => onError(new Error("no-such-worker")), 0);
          return { postMessage: () => {}, terminate: () => {} };
        },
      });
      setThreads(2);
      const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
      const p = predict(net, X);
      expect(lastEvalShare.helpers).toBe(1); // it counted as starting: nobody claimed its share
      expect(lastEvalShare.helperChunks).toBe(0);
      await new Promise((done) => setTimeout(done, 10));
      expect(String(pool.lastError)).toContain("no-such-worker");
      const again = predict(net, X);
      expect(lastEvalShare.helpers).toBe(0); // no live helper: the one-thread loop
      setThreads(1);
      const single = predict(net, X);
      expect(bits(p.data)).toEqual(bits(single.data));
      expect(bits(again.data)).toEqual(bits(single.data));
    } finally {
      setThreadProvider(real);
      pool.stop();
      pool.lastError = null;
    }
  });
});

describe("the chunk hand-off (src/kernels/threads/chunk-queue.ts)", () => {
  it("claims each chunk once from either end, and reports a helper's failure with its message", () => {
    const ctl = newControl(2);
    const front = new FrontEnd(ctl, 3, 2, 2);
    expect(front.nextToStage()).toBe(2); // the last chunk goes to the helpers first
    front.publish(2);
    expect(front.nextToStage()).toBe(1);
    front.publish(1);
    expect(front.nextToStage()).toBe(-1); // two ahead: enough
    expect(front.claim()).toBe(0);
    const ran: number[] = [];
    serveBack(ctl, 3, 2, (slot, chunk) => {
      ran.push(chunk);
      if (chunk === 1) throw new RangeError("bad rows");
      return 5;
    });
    expect(ran).toEqual([2, 1]);
    expect(front.claim()).toBe(-1); // the helper took chunks 2 and 1: none left
    const taken: number[] = [];
    front.harvest((slot, chunk) => taken.push(slot * 10 + chunk));
    expect(taken.sort((a, b) => a - b)).toEqual([2, 11]); // slot 0 held chunk 2, slot 1 chunk 1
    expect(front.finish()).toEqual({ sum: 5, failure: "RangeError: bad rows" });
  });

  it("never stages the chunk the caller is about to take, and the caller may take staged ones", () => {
    const ctl = newControl(4);
    const front = new FrontEnd(ctl, 2, 4, 4);
    expect(front.nextToStage()).toBe(1);
    front.publish(1);
    expect(front.nextToStage()).toBe(-1); // chunk 0 is the caller's next
    expect(front.claim()).toBe(0);
    expect(front.claim()).toBe(1); // staged but never claimed by a helper: the caller's
    expect(front.claim()).toBe(-1);
    serveBack(ctl, 2, 4, () => {
      throw new Error("must not run");
    });
    expect(front.finish()).toEqual({ sum: 0, failure: null });
  });

  it("a caller that throws mid-pass still ends the job: helpers stop waiting for chunks never staged", () => {
    const ctl = newControl(4);
    const front = new FrontEnd(ctl, 4, 4, 4);
    front.publish(front.nextToStage()); // chunk 3, staged
    expect(front.claim()).toBe(0); // ... and then the caller's chunk 0 throws
    expect(front.finish()).toEqual({ sum: 0, failure: null });
    serveBack(ctl, 4, 4, () => {
      throw new Error("must not run: the job is over");
    }); // returns at once instead of waiting for chunks 1 and 2
  });
});

describe("waitWhile: spin, then sleep", () => {
  it("returns at once when the word has changed, and sleeps out its timeout when it has not", () => {
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    ctl[0] = 7;
    let t0 = performance.now();
    waitWhile(ctl, 0, 6, 10_000); // 7 is not 6: no spin, no sleep
    expect(performance.now() - t0).toBeLessThan(1000);
    t0 = performance.now();
    waitWhile(ctl, 0, 7, 30); // unchanged: SPIN_LOADS loads, then Atomics.wait's 30 ms
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(SPIN_LOADS).toBeGreaterThan(0);
  });

  it("a helper's answer wakes a caller that is asleep in it (the spin has long given up)", async () => {
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    const w = new Worker(
      `const { workerData: c } = require("node:worker_threads");
      setTimeout(() => { Atomics.store(c, 0, 1); Atomics.notify(c, 0); }, 50);`,
      { eval: true, workerData: ctl },
    );
    try {
      const t0 = performance.now();
      while (Atomics.load(ctl, 0) === 0) waitWhile(ctl, 0, 0, 10_000);
      expect(performance.now() - t0).toBeLessThan(5000); // woken by the notify, not the timeout
      expect(ctl[0]).toBe(1);
    } finally {
      await w.terminate();
    }
  });
});

describe("the thread setting", () => {
  it("refuses a bad count with a clear message and returns the previous one", () => {
    const initialThreads = threadSetting();
    expect(() => setThreads(0)).toThrow(
      'setThreads: the thread count must be "auto" or a whole number from 1 to 256, got 0',
    );
    expect(() => setThreads(1.5)).toThrow("got 1.5");
    expect(threadSetting()).toBe(initialThreads);
    const prev = setThreads(3);
    expect(threadCount()).toBe(3);
    expect(setThreads(prev)).toBe(3);
  });

  it("auto is the machine's parallelism, and without a provider (a page not isolated) one thread", () => {
    setThreads("auto");
    const real = threadProvider();
    expect(threadCount()).toBe(real!.parallelism());
    try {
      setThreadProvider(null);
      expect(threadCount()).toBe(1);
    } finally {
      setThreadProvider(real);
    }
  });

  const root = fileURLToPath(new URL("../../", import.meta.url));
  const script = [
    'const { setThreads, threadSetting } = await import("./src/kernels/settings.ts");',
    'const { threadCount } = await import("./src/kernels/threads/provider.ts");',
    "console.log(JSON.stringify([threadSetting(), threadCount()]));",
    // The whole point of unref: a pass that started a helper, then the end of the program.
    'if (process.env.TYPED_TENSOR_THREADS === "2") {',
    '  const { predict, initTwoLayer, twoLayer } = await import("./src/nn/two-layer.ts");',
    '  const { rng } = await import("./src/random/rng.ts"); const { Matrix } = await import("./src/shape/tensor.ts");',
    "  predict(twoLayer(initTwoLayer(rng(0), 8, 4, 2)), new Matrix(new Float32Array(8 * 5000), 5000, 8));",
    "}",
  ].join("\n");
  const run = (value: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TYPED_TENSOR_THREADS: value },
      timeout: 30_000,
    });

  it("TYPED_TENSOR_THREADS sets it at load; a bad value is an error naming it; helpers never keep a process alive", () => {
    expect(run("").stdout.trim()).toBe(JSON.stringify(["auto", threadProvider()!.parallelism()]));
    const two = run("2");
    expect(two.status, two.stderr).toBe(0); // exited by itself, with a helper started
    expect(two.stdout.trim()).toBe(JSON.stringify([2, 2]));
    const bad = run("many");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('TYPED_TENSOR_THREADS must be "auto" or a whole number from 1 to 256, got "many"');
  });
});
