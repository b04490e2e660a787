// Evaluation sets: the same accuracy as accuracy() on any thread count, helpers that really run
// chunks from their own copy of the rows, evaluations in the background from a snapshot of the
// parameters, and the errors a wrong network or wrong labels get.
import { describe, expect, it } from "vitest";
import { Matrix } from "../../src/shape/tensor.js";
import { rng } from "../../src/random/rng.js";
import { accuracy, initTwoLayer, predict, twoLayer } from "../../src/nn/two-layer.js";
import { initMLP, mlp } from "../../src/nn/mlp.js";
import { asLabels } from "../../src/nn/labels.js";
import { evalSet, lastSetShare, type PendingAccuracy } from "../../src/nn/eval-set.js";
import { setKernelFamily, kernelFamily, setThreads } from "../../src/kernels/settings.js";
import { ShapeError } from "../../src/shape/shape-error.js";
import { sparseRows } from "../../src/ops/sparse-rows.js";
import { restoreThreadSettings, mostlyZeros, withHelperChunks } from "./helpers.js";

restoreThreadSettings();

/** Runs `f` on two threads until the helper has run chunks of a set's pass. */
const withHelper = <T>(f: () => T): Promise<T> => withHelperChunks(f, lastSetShare);

async function whenReady(p: PendingAccuracy): Promise<void> {
  for (let k = 0; k < 500 && !p.ready; k++) await new Promise((done) => setTimeout(done, 10));
}

// 9,301 rows: nine chunks of 1,000 and a ragged last one of 301; labels chosen so that a fair
// share is counted correct, not 0 or all.
const n = 9301;
const X = mostlyZeros(rng(1), n, 784, "f32");
const trueNet = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
const labels = asLabels(
  Uint8Array.from(predicted(trueNet, X), (c, i) => (i % 3 === 0 ? (c + 1) % 10 : c)),
  n,
);

function predicted(net: typeof trueNet, x: typeof X): number[] {
  // The class accuracy() counts as right for each row: the first largest probability.
  setThreads(1);
  const p = predict(net, x).data;
  const out: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p[i * 10 + c]! > p[i * 10 + best]!) best = c;
    out.push(best);
  }
  return out;
}

describe("evalSet on two threads", () => {
  it("counts what accuracy() counts, on one thread and on two, with the helper running chunks", async () => {
    setThreads(1);
    const expected = accuracy(trueNet, X, labels);
    expect(expected).toBeGreaterThan(0.5);
    expect(expected).toBeLessThan(0.8);
    setThreads(2);
    const set = evalSet(X, labels);
    expect(set.threads).toBe(2);
    const threaded = await withHelper(() => set.accuracy(trueNet));
    expect(lastSetShare.chunks).toBe(10);
    expect(threaded).toBe(expected);
    setThreads(1);
    expect(set.accuracy(trueNet)).toBe(expected);
    expect(lastSetShare.helperChunks).toBe(0);
    set.release();
  });

  it("a three-layer relu MLP in float64: the same count too", async () => {
    const Xd = mostlyZeros(rng(5), 4321, 100, "f64");
    const net = mlp(initMLP(rng(3), [100, 64, 32, 10], { dtype: "f64", init: "he" }), { activation: "relu" });
    const y = asLabels(
      Uint8Array.from({ length: 4321 }, (_, i) => (i * 7) % 10),
      4321,
    );
    setThreads(1);
    const expected = net.accuracy(Xd, y);
    setThreads(2);
    const set = evalSet(Xd, y);
    expect(await withHelper(() => set.accuracy(net))).toBe(expected);
    set.release();
  });

  it("accuracyLater runs in the background on the parameters as they were, while they change", async () => {
    setThreads(2);
    const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
    const set = evalSet(X, labels);
    await withHelper(() => set.accuracy(net)); // the helper holds the rows
    setThreads(1);
    const before = accuracy(net, X, labels);
    setThreads(2);
    const pending = set.accuracyLater(net);
    // Training goes on: the parameters change under the running evaluation.
    net.params.W1.data.fill(0);
    net.params.b2.data[3] = 100;
    await whenReady(pending);
    expect(pending.ready).toBe(true); // done by the helper alone: nobody waited
    expect(pending.wait()).toBe(before);
    expect(lastSetShare.helperChunks).toBe(10); // every chunk was the helper's
    expect(pending.wait()).toBe(before); // the same number again
    // Waited for at once, the calling thread runs chunks too: from the same snapshot.
    const net2 = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { std: 0.1 }));
    const again = set.accuracyLater(net2);
    net2.params.W1.data.fill(0);
    net2.params.b2.data[3] = 100;
    expect(again.wait()).toBe(before);
    expect(lastSetShare.helperChunks).toBeLessThan(10);
    setThreads(1);
    expect(accuracy(net, X, labels)).not.toBe(before); // the change was real
    set.release();
  });

  it("wait() before the helper is done runs the unclaimed chunks on the calling thread", async () => {
    setThreads(2);
    const set = evalSet(X, labels);
    await withHelper(() => set.accuracy(trueNet));
    const results: number[] = [];
    let shared = 0;
    for (let k = 0; k < 5; k++) {
      // Several at once queue on the helper, so the later ones are partly the caller's.
      const ps = [set.accuracyLater(trueNet), set.accuracyLater(trueNet), set.accuracyLater(trueNet)];
      for (const p of ps.reverse()) {
        results.push(p.wait());
        shared += lastSetShare.chunks - lastSetShare.helperChunks;
      }
    }
    expect(new Set(results)).toEqual(new Set([results[0]]));
    setThreads(1);
    expect(results[0]).toBe(accuracy(trueNet, X, labels));
    expect(shared).toBeGreaterThan(0);
    set.release();
  });

  it("pending evaluations of different networks at once each count their own parameters, round after round", async () => {
    // Each job's parameters go in a buffer a finished job leaves behind, and the calling thread's
    // copy into the arrays of the last one it ran: a mix-up between jobs would show here.
    const nets = [trueNet, twoLayer(initTwoLayer(rng(9), 784, 50, 10, { std: 0.1 }))];
    setThreads(1);
    const want = nets.map((net) => accuracy(net, X, labels));
    expect(want[0]).not.toBe(want[1]);
    setThreads(2);
    const set = evalSet(sparseRows(X), labels);
    await withHelper(() => set.accuracy(trueNet));
    for (let round = 0; round < 4; round++) {
      const order = [0, 1, 0, 1, 1];
      const ps = order.map((k) => set.accuracyLater(nets[k]!));
      const got = ps.map((_, j) => j).reverse();
      for (const j of got) expect(ps[j]!.wait(), `round ${round}, job ${j}`).toBe(want[order[j]!]);
    }
    set.release();
  });

  it("one thread: no copies, and accuracyLater is computed before it returns", () => {
    setThreads(1);
    const set = evalSet(X, labels);
    expect(set.threads).toBe(1);
    const p = set.accuracyLater(trueNet);
    expect(p.ready).toBe(true);
    expect(p.wait()).toBe(accuracy(trueNet, X, labels));
  });

  it("a set made by the TS kernels' family counts the same as by the wasm family", async () => {
    const family = kernelFamily();
    setKernelFamily("js");
    setThreads(2);
    const set = evalSet(X, labels);
    const js = await withHelper(() => set.accuracy(trueNet));
    setKernelFamily(family);
    setThreads(1);
    expect(js).toBe(accuracy(trueNet, X, labels));
    set.release();
  });
});

describe("evalSet from compressed rows (sparseRows)", () => {
  it("counts what accuracy() counts on X, on one thread and on two, in both dtypes and kernel families", async () => {
    const family = kernelFamily();
    const X64 = mostlyZeros(rng(7), 2600, 300, "f64");
    const net64 = mlp(initMLP(rng(3), [300, 40, 10], { dtype: "f64" }), { activation: "tanh" });
    const y64 = asLabels(
      Uint8Array.from({ length: 2600 }, (_, i) => (i * 3) % 10),
      2600,
    );
    for (const fam of ["wasm", "js"] as const) {
      setKernelFamily(fam);
      setThreads(1);
      const want = accuracy(trueNet, X, labels),
        want64 = net64.accuracy(X64, y64);
      // Under the wasm family every chunk runs X·W₁ from the rows held in wasm memory.
      expect(evalSet(sparseRows(X), labels).accuracy(trueNet)).toBe(want);
      expect(lastSetShare.heldProducts, fam).toBe(fam === "wasm" ? 10 : 0);
      expect(evalSet(sparseRows(X64), y64).accuracy(net64)).toBe(want64);
      expect(lastSetShare.heldProducts, `${fam} f64`).toBe(fam === "wasm" ? 3 : 0);
      setThreads(2);
      const set = evalSet(sparseRows(X), labels),
        set64 = evalSet(sparseRows(X64), y64);
      expect(set.threads).toBe(2);
      expect(await withHelper(() => set.accuracy(trueNet)), fam).toBe(want);
      expect(await withHelper(() => set64.accuracy(net64)), `${fam} f64`).toBe(want64);
      set.release();
      set64.release();
    }
    setKernelFamily(family);
  });

  it("is held by the helper once made, which evaluates it alone in the background", async () => {
    setThreads(2);
    const set = evalSet(sparseRows(X), labels); // returns once the helper holds it
    const p = set.accuracyLater(trueNet);
    await whenReady(p);
    expect(p.ready).toBe(true);
    expect(p.wait()).toBe(accuracy(trueNet, X, labels));
    expect(lastSetShare.helperChunks).toBe(10);
    set.release();
  });
});

describe("evalSet errors", () => {
  it("names what is wrong: the labels, the network's width and dtype, a released set", () => {
    setThreads(1);
    expect(() => evalSet(X, asLabels(new Uint8Array(3), 3) as never)).toThrow(
      new ShapeError("evalSet", "3 labels for X's 9301 rows: they must match"),
    );
    expect(() => evalSet(new Matrix(new Float32Array(0), 0, 4), [] as never)).toThrow(/X has no rows/);
    expect(() => evalSet({} as never, [] as never)).toThrow(
      new TypeError("evalSet: X must be a Matrix or sparseRows(X)"),
    );
    expect(() => evalSet(new Matrix(new Float32Array(2), 2, 1), ["1", 2] as never)).toThrow(
      new TypeError("evalSet: label at row 0 is string, not a number"),
    );
    const set = evalSet(X, labels);
    const narrow = twoLayer(initTwoLayer(rng(0), 100, 50, 10));
    expect(() => set.accuracy(narrow as never)).toThrow(
      new ShapeError("EvalSet.accuracy", "the set's rows are [9301, 784] but the network takes 100 features per row"),
    );
    const f64 = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { dtype: "f64" }));
    expect(() => set.accuracyLater(f64 as never)).toThrow(
      new ShapeError("EvalSet.accuracy", "the set is f32 but the parameters are f64; convert one with astype()"),
    );
    expect(() => set.accuracy({} as never)).toThrow(/expected a network from twoLayer/);
    set.release();
    expect(() => set.accuracy(trueNet)).toThrow("EvalSet.accuracy: the set was released");
  });
});
