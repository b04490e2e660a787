import { describe, expect, it } from "vitest";
import {
  adam,
  argmax,
  asLabels,
  fromTypedArray,
  initDense,
  initMLP,
  mlp,
  rng,
  softmax,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  type Dense,
} from "../../src/index.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { blobs, countAllocations, expectClose, gradError, numericGradient, weightedSum } from "./helpers.js";

describe("initMLP and mlp", () => {
  it("build layers that chain, typed and checked", () => {
    const layers = initMLP(rng(0), [784, 128, 64, 10] as const, { init: "he" });
    expect(layers.map((l) => [l.W.rows, l.W.cols, l.b.size])).toEqual([
      [784, 128, 128],
      [128, 64, 64],
      [64, 10, 10],
    ]);
    const net = mlp(layers);
    // One default everywhere: the seed's sigmoid, as the two-layer network's.
    expect(net.activation).toBe("sigmoid");
    expect(mlp(layers, { activation: "relu" }).activation).toBe("relu");
    expect(net.layers).toBe(layers);
  });
  it("refuses layers that do not chain at run time (dynamic sizes the compiler cannot see)", () => {
    const g = rng(0);
    const a: Dense<number, number> = initDense(g, 4, 3 as number);
    const b: Dense<number, number> = initDense(g, 2 as number, 2);
    expect(() => mlp([a, b])).toThrow("mlp: layer 1: W is [2, 2] but the layer is [3, 2] (layer 0 outputs 3)");
    expect(() => mlp([])).toThrow("mlp: a network needs at least one layer");
    expect(() => initMLP(rng(0), [3])).toThrow("initMLP: sizes must list at least an input and an output size");
  });
});

describe.each(["sigmoid", "relu", "tanh"] as const)("MLP backward (%s), float64 finite differences", (activation) => {
  const g = rng(404);
  const layers = initMLP(g, [6, 5, 4, 3] as const, { std: 0.8, dtype: "f64" });
  for (const l of layers) g.fillNormal(l.b.data, 0, 0.3);
  const net = mlp(layers, { activation });
  const B = 4;
  const X = fromTypedArray(g.fillNormal(new Float64Array(B * 6)) as Float64Array, B, 6);
  const G = fromTypedArray(g.fillNormal(new Float64Array(B * 3)) as Float64Array, B, 3);
  const y = asLabels(
    Int32Array.from({ length: B }, () => g.int(3)),
    B,
  );

  it("gives every layer's dW, db and dX for a random upstream gradient", () => {
    const f = () => weightedSum(G.data, net.forward(X).out.data);
    const { dX, grads } = net.backward(G, net.forward(X).cache);
    expect(gradError(dX!.data, numericGradient(f, X.data))).toBeLessThan(1e-6);
    layers.forEach((layer, l) => {
      expect(gradError(grads[l]!.W.data, numericGradient(f, layer.W.data)), `dW${l}`).toBeLessThan(1e-6);
      expect(gradError(grads[l]!.b.data, numericGradient(f, layer.b.data)), `db${l}`).toBeLessThan(1e-6);
    });
  });
  it("lossAndGradients and the fused trainer agree with the layer path", () => {
    const { loss, grads } = net.lossAndGradients(X, y);
    const { out, cache } = net.forward(X);
    const sce = softmaxCrossEntropy(out, y);
    expect(loss).toBe(sce.loss);
    const ref = net.backward(softmaxCrossEntropyBackward(sce.cache), cache, { skipDX: true });
    expect(ref.dX).toBeUndefined();
    const trainer = net.trainer(B, { optimizer: { step() {}, prepare() {} } });
    expect(trainer.step(X, y)).toBeCloseTo(loss, 13);
    layers.forEach((_, l) => {
      expectClose(`dW${l}`, grads[l]!.W.data, ref.grads[l]!.W.data, 1e-12, 0);
      expectClose(`trainer dW${l}`, trainer.grads[l]!.W.data, ref.grads[l]!.W.data, 1e-12, 0);
      expectClose(`trainer db${l}`, trainer.grads[l]!.b.data, ref.grads[l]!.b.data, 1e-12, 0);
    });
  });
  it("refuses a cache from another network", () => {
    const other = mlp(initMLP(rng(1), [6, 5, 4, 3] as const, { dtype: "f64" }), { activation });
    expect(() => net.backward(G, other.forward(X).cache as never)).toThrow(
      "MLP.backward: the cache comes from another network's forward",
    );
  });
});

describe("MLP training", () => {
  it("a 3-layer MLP learns a synthetic problem; its trainer allocates nothing and repeats exactly", () => {
    const run = () => {
      const g = rng(12);
      const { X, y } = blobs(g, 1200, 10, 4, "f32", 2);
      const net = mlp(initMLP(g, [10, 32, 16, 4] as const, { init: "he" }), { activation: "relu" });
      const trainer = net.trainer(32, { optimizer: adam({ lr: 0.01 }) });
      const idx = new Int32Array(32);
      g.fillInts(idx, X.rows);
      const losses = [trainer.stepRows(X, y, idx)]; // kernels' lazy set-up happens here (see two-layer.test.ts)
      const counts = countAllocations(allocationCount, () => {
        for (let s = 1; s < 300; s++) {
          g.fillInts(idx, X.rows);
          losses.push(trainer.stepRows(X, y, idx));
        }
      });
      return { losses, counts, acc: net.accuracy(X, y), net, X, y };
    };
    const a = run();
    expect(a.counts).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(a.losses.slice(-20))).toBeLessThan(0.3 * mean(a.losses.slice(0, 20)));
    expect(a.acc).toBeGreaterThan(0.9);
    const b = run();
    expect(b.losses).toEqual(a.losses);
    // predict (chunked) agrees with the layer-by-layer forward, and accuracy with its argmax.
    const probs = a.net.predict(a.X);
    expectClose("predict", probs.data, softmax(a.net.forward(a.X).out).data, 1e-5, 1e-3);
    const pred = argmax(probs);
    expect(a.acc).toBe(pred.reduce((n, c, i) => n + (c === a.y[i] ? 1 : 0), 0) / a.X.rows);
  });
  it("accuracy never counts a row with NaN outputs as correct", () => {
    const net = mlp(initMLP(rng(0), [3, 4, 2] as const, { std: 0 }));
    const X = fromTypedArray(Float32Array.from([0, 0, 0, NaN, 1, 1, 2, 2, 2]), 3, 3);
    expect(net.accuracy(X, asLabels([0, 0, 0], 3))).toBeCloseTo(2 / 3, 15);
  });
  it("trainStep on the layer path lowers the loss too", () => {
    const g = rng(13);
    const { X, y } = blobs(g, 64, 5, 3, "f64");
    const net = mlp(initMLP(g, [5, 8, 3] as const, { init: "xavier", dtype: "f64" }), { activation: "tanh" });
    const labels = asLabels(y, X.rows);
    const first = net.trainStep(X, labels);
    let last = first;
    for (let s = 0; s < 50; s++) last = net.trainStep(X, labels);
    expect(last).toBeLessThan(first * 0.5);
  });
});
