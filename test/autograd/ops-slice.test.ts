// The traced slices and joins: each rule against central finite differences, a slice taken twice
// and a part joined twice (gradients add up), a composite layer built from slices, joins,
// logSumExp and the new elementwise ops against finite differences, and each ad op equal to the
// op outside a trace.
import { describe, expect, it } from "vitest";
import * as ops from "../../src/index.js";
import { ad, fromArray, grad, rng, valueAndGrad, type Matrix, type Vector } from "../../src/index.js";
import { mat, vec, worstError, type Params } from "./fd.js";

const g = rng(79);
type M = Matrix<number, number, "f64">;
const M_ = <T>(x: T) => x as unknown as M;
const V_ = <T>(x: T) => x as unknown as Vector<number, "f64">;
const A = mat(g, 5, 4),
  B = mat(g, 2, 4),
  C = mat(g, 5, 3),
  u = vec(g, 4),
  w = vec(g, 4);

const cases: [string, Params, (p: Params) => ops.Leaf | number][] = [
  ["getRow", { A }, (p) => ad.getRow(M_(p.A), 3)],
  ["getRow twice, the same row (gradients add up)", { A }, (p) => ad.mul(ad.getRow(M_(p.A), 1), ad.getRow(M_(p.A), 1))],
  ["getCol", { A }, (p) => ad.getCol(M_(p.A), 2)],
  ["sliceRows", { A }, (p) => ad.sliceRows(M_(p.A), 1, 4)],
  ["sliceCols", { A }, (p) => ad.sliceCols(M_(p.A), 1, 3)],
  ["sliceRows of sliceCols", { A }, (p) => ad.sliceRows(ad.sliceCols(M_(p.A), 1, 4), 2, 5)],
  ["concat axis 0", { A, B }, (p) => ad.concat([M_(p.A), M_(p.B)], 0)],
  ["concat axis 1", { A, C }, (p) => ad.concat([M_(p.A), M_(p.C)], 1)],
  ["concat of one part three times", { B }, (p) => ad.concat([M_(p.B), ad.exp(M_(p.B)), M_(p.B)], 0)],
  ["concat with a constant part", { A }, (p) => ad.concat([C, M_(p.A)], 1)],
  ["stack axis 0", { u, w }, (p) => ad.stack([V_(p.u), V_(p.w), V_(p.u)], 0)],
  ["stack axis 1", { u, w }, (p) => ad.stack([V_(p.u), V_(p.w)], 1)],
];

describe("every rule matches central finite differences (float64, random upstream, 1e-6 relative)", () => {
  it.each(cases)("%s", (_name, params, f) => {
    expect(worstError(params, f)).toBeLessThan(1e-6);
  });
});

describe("a composite layer: slices, joins, logSumExp, std and the new elementwise ops", () => {
  // Two heads from one affine map: the left half through abs, the right through a clipped max with
  // the left; the rows reordered by slicing and concatenating; a row-wise log-softmax (logSumExp);
  // plus each column's spread; weighted by a fixed random target.
  const X = mat(g, 6, 5),
    T = mat(g, 6, 6);
  const params = { W: mat(g, 5, 6), b: vec(g, 6), r: vec(g, 6) };
  type P = { W: M; b: Vector<number, "f64">; r: Vector<number, "f64"> };
  const layer = (p: P) => {
    const h = ad.add(ad.dot(X, p.W), p.b);
    const left = ad.sliceCols(h, 0, 3),
      right = ad.sliceCols(h, 3, 6);
    const z = ad.concat([ad.abs(left), ad.maximum(right, ad.clip(left, -1, 1))], 1);
    const z2 = ad.concat([ad.sliceRows(z, 4, 6), ad.sliceRows(z, 0, 4)], 0);
    const logp = ad.sub(z2, ad.logSumExp(z2, 1));
    const withRow = ad.concat([ad.add(logp, ad.std(h, 0)), ad.stack([ad.getRow(h, 0), p.r], 0)], 0);
    return ad.sum(ad.mul(ad.sliceRows(withRow, 2, 8), T));
  };
  it("matches finite differences in every parameter", () => {
    expect(worstError(params as unknown as Params, (p) => layer(p as unknown as P))).toBeLessThan(1e-6);
  });
  it("the gradient of a parameter used only through a stack is exact", () => {
    const { grads } = valueAndGrad(layer)(params as P);
    // r is row 7 of withRow, which sliceRows(withRow, 2, 8) keeps as row 5: its gradient is T's row 5.
    expect(Array.from(grads.r.data)).toEqual(Array.from(T.data.subarray(30, 36)));
  });
});

describe("outside a trace each is the op", () => {
  const m = fromArray([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const v = ops.vectorFromArray([7, 8, 9]);
  it.each([
    ["getRow", () => ad.getRow(m, 1), () => ops.getRow(m, 1)],
    ["getCol", () => ad.getCol(m, 2), () => ops.getCol(m, 2)],
    ["sliceRows", () => ad.sliceRows(m, 0, 1, 1), () => ops.sliceRows(m, 0, 1, 1)],
    ["sliceCols", () => ad.sliceCols(m, 1, 3), () => ops.sliceCols(m, 1, 3)],
    ["concat", () => ad.concat([m, m], 1), () => ops.concat([m, m], 1)],
    ["stack", () => ad.stack([v, v], 1, 2), () => ops.stack([v, v], 1, 2)],
  ] as const)("%s", (_name, traced, plain) => {
    expect(String(traced())).toBe(String(plain()));
  });
  it("getRow and sliceRows stay views inside a trace, as the ops are", () => {
    const p = { m: ops.astype(m, "f64") };
    valueAndGrad((q: typeof p) => {
      expect(ad.getRow(q.m, 1).data.buffer).toBe(q.m.data.buffer);
      expect(ad.sliceRows(q.m, 0, 1).data.buffer).toBe(q.m.data.buffer);
      return ad.sum(q.m);
    })(p);
  });
  it("a shape error inside a trace is the op's, and leaves the tape usable", () => {
    const p = { m: ops.astype(m, "f64") };
    expect(() => valueAndGrad((q: typeof p) => ad.sum(ad.sliceCols(q.m, 2, 5)))(p)).toThrow(
      /sliceCols: column range \[2, 5\)/,
    );
    expect(grad((q: typeof p) => ad.sum(ad.getCol(q.m, 0)))(p).m.toArray()).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
  });
});
