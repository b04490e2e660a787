// Trainers stepping from compressed rows (trainer.stepRows(sparseRows(X), ...)): the batch comes
// from the compressed entries instead of X's dense rows, and must give the same bits, whichever
// form the step takes it in (nonzero lists, or dense rows when too dense or on the TS kernels),
// with nothing allocated per step. The prefetching helper's side is in gather-ahead.test.ts.
import { describe, expect, it } from "vitest";
import {
  asLabels,
  createTrainer,
  fromTypedArray,
  initMLP,
  initTwoLayer,
  mlp,
  rng,
  sgd,
  sparseRows,
  twoLayer,
  type DType,
} from "../../src/index.js";
import { kernelFamily, setKernelFamily } from "../../src/kernels/settings.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { countAllocations, restoreThreadSettings } from "./helpers.js";

restoreThreadSettings();

/** n rows of `cols`, a fraction `density` nonzero (with some NaN-free negatives and -0s). */
function data(n: number, cols: number, density: number, dtype: DType, seed = 1) {
  const g = rng(seed);
  const x = dtype === "f64" ? new Float64Array(n * cols) : new Float32Array(n * cols);
  for (let i = 0; i < x.length; i++) {
    const u = g.next();
    if (u < density) x[i] = g.next() * 2 - 0.5;
    else if (u < density + 0.01) x[i] = -0;
  }
  const y = asLabels(
    Int32Array.from({ length: n }, () => g.int(10)),
    n,
  );
  return { X: fromTypedArray(x, n, cols), y };
}

const bits = (v: Float32Array | Float64Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** `steps` seeded steps of batch 50 from X and from sparseRows(X): the same losses and params. */
function expectSame(dtype: DType, density: number, steps = 40) {
  const { X, y } = data(900, 97, density, dtype);
  const S = sparseRows(X);
  const run = (from: "dense" | "sparse") => {
    const params = initTwoLayer(rng(3), 97, 20, 10, { dtype, std: 0.1 });
    const t = createTrainer(twoLayer(params), 50, { optimizer: sgd({ lr: 0.1 }) });
    const idx = new Int32Array(50);
    const g = rng(8);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      g.fillInts(idx, 900);
      losses.push(from === "dense" ? t.stepRows(X as never, y, idx) : t.stepRows(S as never, y, idx));
    }
    return { losses, params };
  };
  const a = run("dense"),
    b = run("sparse");
  a.losses.forEach((l, s) => expect(Object.is(l, b.losses[s]), `loss at step ${s}`).toBe(true));
  for (const k of ["W1", "b1", "W2", "b2"] as const)
    expect(Buffer.compare(bits(a.params[k].data), bits(b.params[k].data)), k).toBe(0);
  expect(a.losses[steps - 1]).not.toBe(a.losses[0]);
}

describe("stepRows from sparseRows(X): the bits of stepRows from X", () => {
  it.each([
    ["f32, sparse batches (the nonzero lists)", "f32", 0.15],
    ["f64, sparse batches", "f64", 0.15],
    ["f32, dense batches (over the lists' 40%: dense rows)", "f32", 0.6],
  ] as const)("%s", (_, dtype, density) => expectSame(dtype, density));

  it("on the TS kernels too (no lists: the rows expanded)", () => {
    const before = kernelFamily();
    setKernelFamily("js");
    try {
      expectSame("f32", 0.15, 10);
    } finally {
      setKernelFamily(before);
    }
  });

  it("for an MLP's trainer, three layers, relu", () => {
    const { X, y } = data(500, 64, 0.2, "f32", 4);
    const S = sparseRows(X);
    const nets = [0, 1].map(() => mlp(initMLP(rng(2), [64, 32, 16, 10], { init: "he" }), { activation: "relu" }));
    const ts = nets.map((n) => n.trainer(25));
    const idx = new Int32Array(25);
    for (let s = 0; s < 20; s++) {
      rng(s).fillInts(idx, 500);
      expect(ts[1]!.stepRows(S as never, y, idx)).toBe(ts[0]!.stepRows(X as never, y, idx));
    }
    nets[0]!.layers.forEach((l, i) => expect(Array.from(nets[1]!.layers[i]!.W.data)).toEqual(Array.from(l.W.data)));
  });

  it("allocates nothing per step", () => {
    const { X, y } = data(2000, 784, 0.19, "f32");
    const S = sparseRows(X);
    const t = createTrainer(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), 100);
    const idx = new Int32Array(100);
    t.stepRows(S as never, y, idx); // the first step may set up
    const c = countAllocations(allocationCount, () => {
      for (let s = 0; s < 20; s++) t.stepRows(S as never, y, idx);
    });
    expect(c).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
  });

  it("checks the rows as it checks X: width, dtype, indices, labels", () => {
    const { X, y } = data(30, 12, 0.3, "f32");
    const S = sparseRows(X);
    const t = createTrainer(twoLayer(initTwoLayer(rng(0), 13, 5, 10)), 4);
    expect(() => t.stepRows(S as never, y, [0, 1, 2, 3])).toThrow(
      "createTrainer: X is [30, 12] but the network takes 13 features per row",
    );
    const t64 = createTrainer(twoLayer(initTwoLayer(rng(0), 12, 5, 10, { dtype: "f64" })), 4);
    expect(() => t64.stepRows(S as never, y, [0, 1, 2, 3])).toThrow("X is f32 but the parameters are f64");
    const t12 = createTrainer(twoLayer(initTwoLayer(rng(0), 12, 5, 10)), 4);
    expect(() => t12.stepRows(S as never, y, [0, 1, 2, 30])).toThrow(
      "index 30 at position 3 is out of range for X's 30 rows",
    );
    expect(() => t12.stepRows(S as never, (y as unknown as Int32Array).subarray(0, 29) as never, [0, 1, 2, 3])).toThrow(
      "29 labels for X's 30 rows",
    );
  });
});
