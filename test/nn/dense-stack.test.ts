import { describe, expect, it } from "vitest";
import {
  asLabels,
  createTrainer,
  takeLabels,
  fromTypedArray,
  initMLP,
  initTwoLayer,
  rng,
  sgd,
  twoLayer,
  zeros,
  zerosVector,
} from "../../src/index.js";
import { takeRows } from "../../src/kernels/gather.js";
import { DenseStack, layerSizes } from "../../src/nn/dense-stack.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { countAllocations } from "./helpers.js";

describe("layerSizes", () => {
  it("reads the chain of sizes and the dtype", () => {
    expect(layerSizes("t", initMLP(rng(0), [5, 4, 3], { dtype: "f64" }))).toEqual({ sizes: [5, 4, 3], dtype: "f64" });
  });
  it.each([
    [[{ W: zeros(5, 4), b: zerosVector(3) }], "t: layer 0: b is [3] but W has 4 columns"],
    [
      [
        { W: zeros(5, 4), b: zerosVector(4) },
        { W: zeros(4, 2, "f64"), b: zerosVector(2, "f64") },
      ],
      "t: layer 1: dtype f64/f64 does not match f32",
    ],
    [[{ W: zerosVector(4), b: zerosVector(4) }], "t: layer 0 needs a Matrix W and a Vector b"],
  ])("refuses %#", (layers, msg) => {
    expect(() => layerSizes("t", layers as never)).toThrow(msg);
  });
});

describe("DenseStack.countCorrect", () => {
  it("takes the first of tied logits, as NumPy's argmax", () => {
    // One layer with zero weights and a bias whose two largest entries tie: every row predicts 1.
    const W = zeros(2, 3, "f64");
    const b = zerosVector(3, "f64");
    b.data.set([0, 5, 5]);
    const stack = new DenseStack("t", [2, 3], 4, "f64", "relu", false);
    stack.bind([{ W, b }]);
    const pred = new Int32Array(4);
    expect(stack.countCorrect(new Float64Array(8), 4, [1, 2, 1, 0], 0, pred)).toBe(2);
    expect(Array.from(pred)).toEqual([1, 1, 1, 1]);
  });
  it("never counts a row whose logits hold NaN as correct, whatever its label", () => {
    // A NaN input row gives NaN logits; without the check argmax would answer 0 (or the first
    // NaN's index) and match a label of 0.
    const W = zeros(2, 3, "f64");
    const b = zerosVector(3, "f64");
    b.data.set([5, 0, 0]);
    const stack = new DenseStack("t", [2, 3], 2, "f64", "sigmoid", false);
    stack.bind([{ W, b }]);
    const pred = new Int32Array(2);
    expect(stack.countCorrect(Float64Array.from([NaN, 0, 0, 0]), 2, [0, 0], 0, pred)).toBe(1);
    expect(Array.from(pred)).toEqual([-1, 0]);
  });
});

describe("a training batch gathered as nonzero lists", () => {
  // Mostly-zero rows, like MNIST's, so stepRows lists its batch (where wasm runs) and both
  // X·W₁ and Xᵀ·dY₁ run from the list; step() on the same rows gathered densely takes the
  // ordinary products. The two must agree bit for bit, step after step.
  const g = rng(5);
  const n = 300,
    I = 64;
  const X = fromTypedArray(new Float32Array(n * I), n, I);
  for (let i = 0; i < n * I; i++) if (g.next() < 0.2) X.data[i] = g.next();
  const y = asLabels(
    Int32Array.from({ length: n }, () => g.int(4)),
    n,
  );
  const run = (listed: boolean) => {
    const params = initTwoLayer(rng(3), I, 16, 4, { std: 0.3 });
    const trainer = createTrainer(twoLayer(params), 20, { optimizer: sgd({ lr: 0.5 }) });
    const idx = new Int32Array(20),
      yb = new Int32Array(20);
    const xb = fromTypedArray(new Float32Array(20 * I), 20, I);
    const gi = rng(9);
    const losses: number[] = [];
    let counts = { allocate: 0, typedArrays: 0, views: 0 };
    for (let s = 0; s < 200; s++) {
      gi.fillInts(idx, n);
      if (listed) {
        const c = countAllocations(allocationCount, () => losses.push(trainer.stepRows(X, y, idx)));
        if (s > 0)
          counts = {
            allocate: counts.allocate + c.allocate,
            typedArrays: counts.typedArrays + c.typedArrays,
            views: counts.views + c.views,
          };
      } else {
        takeRows(xb.data, X.data, idx, 20, I, n);
        takeLabels(y, idx, 20, yb);
        losses.push(trainer.step(xb, asLabels(yb, 20)));
      }
    }
    return { losses, params, counts };
  };
  it("gives the same bits as the dense gather and allocates nothing after the first step", () => {
    const a = run(true),
      b = run(false);
    expect(a.losses).toEqual(b.losses);
    for (const k of ["W1", "b1", "W2", "b2"] as const)
      expect(Array.from(a.params[k].data)).toEqual(Array.from(b.params[k].data));
    expect(a.counts).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
    expect(a.losses[199]).toBeLessThan(a.losses[0]!);
  });
});
