// The traced min, logSumExp, variance and std (sum, mean and max are in ops.test.ts): each rule
// against central finite differences over each axis and everything, for matrices and vectors;
// the conventions (min's ties, std 0) exactly; and each ad op equal to the op outside a trace.
import { describe, expect, it } from "vitest";
import * as ops from "../../src/index.js";
import { ad, fromArray, grad, rng, valueAndGrad, type Matrix, type Vector } from "../../src/index.js";
import { mat, vec, worstError, type Params } from "./fd.js";

const g = rng(73);
type M = Matrix<number, number, "f64">;
const M_ = <T>(x: T) => x as unknown as M;
const V_ = <T>(x: T) => x as unknown as Vector<number, "f64">;
const A = mat(g, 4, 5),
  v = vec(g, 7);

const cases: [string, Params, (p: Params) => ops.Leaf | number][] = [
  ["min axis 0", { A }, (p) => ad.min(M_(p.A), 0)],
  ["min axis 1", { A }, (p) => ad.min(M_(p.A), 1)],
  ["min of everything", { A }, (p) => ad.min(M_(p.A))],
  ["min of a vector", { v }, (p) => ad.min(V_(p.v))],
  ["logSumExp axis 0", { A }, (p) => ad.logSumExp(M_(p.A), 0)],
  ["logSumExp axis 1", { A }, (p) => ad.logSumExp(M_(p.A), 1)],
  ["logSumExp of everything", { A }, (p) => ad.logSumExp(M_(p.A))],
  ["logSumExp of a vector", { v }, (p) => ad.logSumExp(V_(p.v))],
  ["logSumExp of large logits (stable)", { A }, (p) => ad.logSumExp(ad.mul(M_(p.A), 300), 1)],
  ["variance axis 0", { A }, (p) => ad.variance(M_(p.A), 0)],
  ["variance axis 1, ddof 1", { A }, (p) => ad.variance(M_(p.A), 1, { ddof: 1 })],
  ["variance of everything", { A }, (p) => ad.variance(M_(p.A))],
  ["variance of a vector, ddof 1", { v }, (p) => ad.variance(V_(p.v), undefined, { ddof: 1 })],
  ["std axis 0, ddof 1", { A }, (p) => ad.std(M_(p.A), 0, { ddof: 1 })],
  ["std axis 1", { A }, (p) => ad.std(M_(p.A), 1)],
  ["std of everything", { A }, (p) => ad.std(M_(p.A))],
  ["std of a vector", { v }, (p) => ad.std(V_(p.v))],
  ["a row-wise log-softmax: x - logSumExp(x, 1)", { A }, (p) => ad.sub(M_(p.A), ad.logSumExp(M_(p.A), 1))],
  [
    "standardized columns: (x - mean) / std",
    { A },
    (p) => ad.div(ad.sub(M_(p.A), ad.mean(M_(p.A), 0)), ad.std(M_(p.A), 0)),
  ],
];

describe("every rule matches central finite differences (float64, random upstream, 1e-6 relative)", () => {
  it.each(cases)("%s", (_name, params, f) => {
    expect(worstError(params, f)).toBeLessThan(1e-6);
  });
});

describe("the conventions, exactly", () => {
  it("min gives the gradient to the first minimal element, as max to the first maximal", () => {
    const x = fromArray(
      [
        [2, 1, 1],
        [0, 3, 0],
      ],
      "f64",
    );
    expect(grad((w: typeof x) => ad.sum(ad.min(w, 1)))(x).toArray()).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(grad((w: typeof x) => ad.min(w))(x).toArray()).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ]);
    const y = fromArray([[1, 3, 3]], "f64");
    expect(grad((w: typeof y) => ad.max(w))(y).toArray()).toEqual([[0, 1, 0]]);
  });
  it("std of equal values has gradient 0 (not NaN); variance's is 0 there anyway", () => {
    const x = fromArray(
      [
        [2, 2, 2],
        [1, 2, 6],
      ],
      "f64",
    );
    const d = grad((w: typeof x) => ad.sum(ad.std(w, 1)))(x).toArray();
    expect(d[0]).toEqual([0, 0, 0]);
    expect(d[1]!.every(Number.isFinite)).toBe(true);
    expect(grad((w: typeof x) => ad.sum(ad.variance(w, 1)))(x).toArray()[0]).toEqual([0, 0, 0]);
  });
  it("the loss may be a traced min, logSumExp, variance or std of everything", () => {
    const x = fromArray(
      [
        [1, 2],
        [3, 5],
      ],
      "f64",
    );
    for (const f of [ad.min, ad.logSumExp, ad.variance, ad.std] as const) {
      const { value } = valueAndGrad((w: typeof x) => (f as typeof ad.min)(w))(x);
      expect(value).toBe((f as typeof ad.min)(x));
    }
  });
});

describe("outside a trace each is the op", () => {
  const x = fromArray([
    [1, -2, 3],
    [4, 0.5, -6],
  ]);
  it.each([
    ["min", () => ad.min(x, 0), () => ops.min(x, 0)],
    ["logSumExp", () => ad.logSumExp(x, 1), () => ops.logSumExp(x, 1)],
    ["variance", () => ad.variance(x, 0, { ddof: 1 }), () => ops.variance(x, 0, { ddof: 1 })],
    ["std", () => ad.std(x), () => ops.std(x)],
  ] as const)("%s", (_name, traced, plain) => {
    expect(String(traced())).toBe(String(plain()));
  });
  it("variance's out is accepted outside, refused inside", () => {
    const out = ops.zerosVector(3);
    expect(ad.variance(x, 0, { out })).toBe(out);
    const p = { x: ops.astype(x, "f64") };
    expect(() => valueAndGrad((q: typeof p) => ad.sum(ad.std(q.x, 0, { out: ops.zerosVector(3, "f64") })))(p)).toThrow(
      /ad\.std: out is not accepted/,
    );
  });
});
