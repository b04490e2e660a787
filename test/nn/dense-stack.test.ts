import { describe, expect, it } from "vitest";
import { initMLP, rng, zeros, zerosVector } from "../../src/index.js";
import { DenseStack, layerSizes } from "../../src/nn/dense-stack.js";

describe("layerSizes", () => {
  it("reads the chain of sizes and the dtype", () => {
    expect(layerSizes("t", initMLP(rng(0), [5, 4, 3], { dtype: "f64" }))).toEqual({ sizes: [5, 4, 3], dtype: "f64" });
  });
  it.each([
    [[{ W: zeros(5, 4), b: zerosVector(3) }], "t: layer 0: b is [3] but W has 4 columns"],
    [[{ W: zeros(5, 4), b: zerosVector(4) }, { W: zeros(4, 2, "f64"), b: zerosVector(2, "f64") }], "t: layer 1: dtype f64/f64 does not match f32"],
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
});
