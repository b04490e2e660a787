import { describe, expect, it } from "vitest";
import {
  asLabels,
  asRow,
  crossEntropy,
  crossEntropyBackward,
  fromTypedArray,
  oneHot,
  rng,
  softmax,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  zeros,
  type Matrix,
} from "../../src/index.js";
import { expectClose, fixtureFiles, gradError, loadFixture, matrixOf, numericGradient, vectorOf } from "./helpers.js";

const g = rng(303);
const B = 4,
  K = 5;
const Z = fromTypedArray(
  Float64Array.from({ length: B * K }, () => 2 * g.normal()),
  B,
  K,
);
const labels = asLabels([3, 0, 4, 1] as const, B);

/** Soft target rows that sum to 1. */
function softTargets(): Matrix<4, 5, "f64"> {
  const t = fromTypedArray(
    Float64Array.from({ length: B * K }, () => g.next() + 0.1),
    B,
    K,
  );
  for (let i = 0; i < B; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += t.data[i * K + j]!;
    for (let j = 0; j < K; j++) t.data[i * K + j]! /= s;
  }
  return t;
}

describe("oneHot", () => {
  it("sets one 1 per row at the label (the seed's _change_one_hot_label)", () => {
    expect(oneHot(labels, K).toArray()).toEqual([
      [0, 0, 0, 1, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 1, 0, 0, 0],
    ]);
    expect(oneHot(labels, K, "f64").dtype).toBe("f64");
  });
  it.each([
    [() => oneHot([0, 5], 5), "oneHot: label 5 at row 1 is not a class index in [0, 5)"],
    [() => oneHot([0, -1], 5), "oneHot: label -1 at row 1 is not a class index in [0, 5)"],
    [() => oneHot([0.5], 5), "oneHot: label 0.5 at row 0 is not a class index in [0, 5)"],
    [() => oneHot([0], 0), "oneHot: classes must be a positive integer, got 0"],
  ])("refuses bad labels %#", (f, msg) => {
    expect(f).toThrow(msg);
  });
});

describe("crossEntropy", () => {
  it("matches NumPy's cross_entropy_error with one-hot rows and with indices", () => {
    for (const file of fixtureFiles()) {
      const F = loadFixture(file).cross_entropy;
      const y = matrixOf(F.y, "f64");
      const idx = asLabels(F.t_index, y.rows);
      expectClose("one-hot", [crossEntropy(y, matrixOf(F.t_one_hot, "f64") as never)], [F.loss], 1e-12, 0);
      expectClose("indices", [crossEntropy(y, idx)], [F.loss], 1e-12, 0);
    }
  });
  it.each([
    ["indices", labels],
    ["soft targets", softTargets()],
  ] as const)("backward matches finite differences (%s)", (_n, t) => {
    const y = softmax(Z);
    const dLoss = 0.37;
    const f = () => dLoss * crossEntropy(y, t);
    expect(gradError(crossEntropyBackward(y, t, dLoss).data, numericGradient(f, y.data, 1e-5))).toBeLessThan(1e-6);
  });
  it("refuses a target of another shape or labels of another batch", () => {
    const y = softmax(Z);
    expect(() => crossEntropy(y, zeros(4, 4, "f64") as never)).toThrow(
      "crossEntropy: target [4, 4] does not match [4, 5]",
    );
    expect(() => crossEntropy(y, [1, 2, 3] as never)).toThrow("crossEntropy: 3 labels for 4 rows: they must match");
  });
});

describe("softmaxCrossEntropy", () => {
  it.each([
    ["indices", labels],
    ["soft targets", softTargets()],
  ] as const)("backward (y_hat - t)/B matches finite differences (%s)", (_n, t) => {
    const dLoss = -1.7; // a random-ish upstream scalar, not 1
    const f = () => dLoss * softmaxCrossEntropy(Z, t).loss;
    const d = softmaxCrossEntropyBackward(softmaxCrossEntropy(Z, t).cache, dLoss);
    expect(gradError(d.data, numericGradient(f, Z.data))).toBeLessThan(1e-6);
  });
  it("equals crossEntropy(softmax(z)) where that is finite, and stays finite where it is not", () => {
    const { loss, probs } = softmaxCrossEntropy(Z, labels);
    expect(loss).toBeCloseTo(crossEntropy(softmax(Z), labels), 13);
    expectClose("probs", probs.data, softmax(Z).data, 1e-14, 0);
    // The true class 1000 below the others: log(softmax) would be log(0) = -Infinity.
    const far = fromTypedArray(Float64Array.from([1000, 0, 1000]), 1, 3);
    expect(crossEntropy(softmax(far), asLabels([1] as const, 1))).toBe(Infinity);
    expect(softmaxCrossEntropy(far, asLabels([1] as const, 1)).loss).toBeCloseTo(1000 + Math.log(2), 10);
  });
  it("matches NumPy's softmax on logits of ±1000", () => {
    for (const file of fixtureFiles()) {
      const F = loadFixture(file).softmax;
      const x = matrixOf(F.x2d, "f64");
      const t = asLabels([0, 1, 2] as const, 3);
      expectClose("y2d", softmaxCrossEntropy(x as Matrix<3, 3, "f64">, t).probs.data, F.y2d.data, 1e-12, 0);
      const x1 = asRow(vectorOf(F.x1d, "f64"));
      expectClose("y1d", softmaxCrossEntropy(x1, asLabels([2] as const, 1)).probs.data, F.y1d.data, 1e-12, 0);
    }
  });
  it("copies index labels into the cache, so later edits cannot change the gradient", () => {
    const y = [3, 0, 4, 1];
    const r = softmaxCrossEntropy(Z, asLabels(y, 4));
    const before = softmaxCrossEntropyBackward(r.cache).data.slice();
    y[0] = 0;
    expect(softmaxCrossEntropyBackward(r.cache).data).toEqual(before);
  });
});
