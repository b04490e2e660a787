// Every traced op's rule against central finite differences in float64, with a random upstream
// gradient: the loss is Σ G ⊙ op(params) for a fixed random G (for ops that return a number,
// the number itself), differentiated by the tape and numerically (fourth-order stencil, see
// helpers.numericGradient), compared to 1e-6 relative per element.
import { describe, expect, it } from "vitest";
import { ad, asLabels, Column, Matrix, Vector, oneHot, rng, valueAndGrad, type Leaf } from "../../src/index.js";
import { gradError, numericGradient } from "../nn/helpers.js";
import { col, mat, vec, worstError, type Params } from "./fd.js";
import * as D from "../../src/ops/dot.js";

const g = rng(3);
type Case = [string, Params, (p: Params) => Leaf | number];
const A = mat(g, 5, 4),
  B = mat(g, 4, 3),
  Bt = mat(g, 3, 4),
  At = mat(g, 4, 5),
  x4 = vec(g, 4),
  x5 = vec(g, 5);
const S = mat(g, 5, 4),
  bias = vec(g, 4),
  v4 = vec(g, 4);
const P = mat(g, 5, 4, 0.5, 2),
  Q = mat(g, 5, 4, 0.5, 2),
  pb = vec(g, 4, 0.5, 2);
const c4 = col(g, 4),
  c5 = col(g, 5),
  pc5 = col(g, 5, 0.5, 2);
const labels = asLabels([0, 3, 1, 1, 2], 5);
const M = <T>(x: T) => x as unknown as Matrix<number, number, "f64">;
const V = <T>(x: T) => x as unknown as Vector<number, "f64">;
const C = <T>(x: T) => x as unknown as Column<number, "f64">;

const cases: Case[] = [
  ["dot M·M", { A, B }, (p) => ad.dot(M(p.A), M(p.B))],
  ["dot Mᵀ·M", { At, B }, (p) => ad.dot(M(p.At).T, M(p.B))],
  ["dot M·Mᵀ", { A, Bt }, (p) => ad.dot(M(p.A), M(p.Bt).T)],
  ["dot Mᵀ·Mᵀ", { At, Bt }, (p) => ad.dot(M(p.At).T, M(p.Bt).T)],
  ["dot M·v", { A, x4 }, (p) => ad.dot(M(p.A), V(p.x4))],
  ["dot Mᵀ·v", { A, x5 }, (p) => ad.dot(M(p.A).T, V(p.x5))],
  ["dot with a constant operand", { B }, (p) => ad.dot(A, M(p.B))],
  ["dot M·column", { A, c4 }, (p) => ad.dot(M(p.A), C(p.c4))],
  ["dot Mᵀ·column", { A, c5 }, (p) => ad.dot(M(p.A).T, C(p.c5))],
  ["dot v·M", { x5, A }, (p) => ad.dot(V(p.x5), M(p.A))],
  ["dot v·Mᵀ", { x4, A }, (p) => ad.dot(V(p.x4), M(p.A).T)],
  ["dot u·v (a number: the loss itself)", { x4, v4 }, (p) => ad.dot(V(p.x4), V(p.v4))],
  ["dot u·u (one operand twice)", { x4 }, (p) => ad.dot(V(p.x4), V(p.x4))],
  ["dot u·column", { x5, c5 }, (p) => ad.dot(V(p.x5), C(p.c5))],
  ["dot v·M with a constant v", { A }, (p) => ad.dot(x5, M(p.A))],
  ["add same shape", { A, S }, (p) => ad.add(M(p.A), M(p.S))],
  ["add bias (row broadcast, db = Σ rows)", { A, bias }, (p) => ad.add(M(p.A), V(p.bias))],
  ["add scalar", { A }, (p) => ad.add(M(p.A), 2.5)],
  ["add column (column broadcast, dc = Σ columns)", { A, c5 }, (p) => ad.add(M(p.A), C(p.c5))],
  ["sub column", { A, c5 }, (p) => ad.sub(M(p.A), C(p.c5))],
  ["mul column", { A, c5 }, (p) => ad.mul(M(p.A), C(p.c5))],
  ["div column", { A, pc5 }, (p) => ad.div(M(p.A), C(p.pc5))],
  [
    "a row softmax by hand: exp(x - max(x, 1)) / Σ",
    { A },
    (p) => {
      const e = ad.exp(ad.sub(M(p.A), ad.max(M(p.A), 1)));
      return ad.div(e, ad.sum(e, 1));
    },
  ],
  ["add vectors", { x4, v4 }, (p) => ad.add(V(p.x4), V(p.v4))],
  ["sub same shape", { A, S }, (p) => ad.sub(M(p.A), M(p.S))],
  ["sub bias", { A, bias }, (p) => ad.sub(M(p.A), V(p.bias))],
  ["sub scalar", { A }, (p) => ad.sub(M(p.A), 0.5)],
  ["mul same shape", { A, S }, (p) => ad.mul(M(p.A), M(p.S))],
  ["mul row broadcast", { A, bias }, (p) => ad.mul(M(p.A), V(p.bias))],
  ["mul scalar", { A }, (p) => ad.mul(M(p.A), -1.5)],
  ["div same shape", { A, Q }, (p) => ad.div(M(p.A), M(p.Q))],
  ["div row broadcast", { A, pb }, (p) => ad.div(M(p.A), V(p.pb))],
  ["div scalar", { A }, (p) => ad.div(M(p.A), 3)],
  ["rsub", { A }, (p) => ad.rsub(1, M(p.A))],
  ["rdiv", { P }, (p) => ad.rdiv(2, M(p.P))],
  ["neg", { A }, (p) => ad.neg(M(p.A))],
  ["exp", { A }, (p) => ad.exp(M(p.A))],
  ["log", { P }, (p) => ad.log(M(p.P))],
  ["sqrt", { P }, (p) => ad.sqrt(M(p.P))],
  ["sigmoid", { A }, (p) => ad.sigmoid(M(p.A))],
  ["relu", { R: mat(g, 5, 4, -2, 2, 0.05) }, (p) => ad.relu(M(p.R))],
  ["tanh", { A }, (p) => ad.tanh(M(p.A))],
  ["softmax", { A }, (p) => ad.softmax(M(p.A))],
  ["clone", { A }, (p) => ad.clone(M(p.A))],
  ["sum axis 0", { A }, (p) => ad.sum(M(p.A), 0)],
  ["sum axis 1", { A }, (p) => ad.sum(M(p.A), 1)],
  ["sum of everything", { A }, (p) => ad.sum(ad.mul(M(p.A), M(p.A)))],
  ["sum of a vector", { x4 }, (p) => ad.sum(ad.exp(V(p.x4)))],
  ["mean axis 0", { A }, (p) => ad.mean(M(p.A), 0)],
  ["mean axis 1", { A }, (p) => ad.mean(M(p.A), 1)],
  ["mean of everything", { A }, (p) => ad.mean(ad.exp(M(p.A)))],
  ["max axis 0", { A }, (p) => ad.max(M(p.A), 0)],
  ["max axis 1", { A }, (p) => ad.max(M(p.A), 1)],
  ["max of everything", { A }, (p) => ad.max(M(p.A))],
  ["takeRows (repeats scatter-add)", { A }, (p) => ad.takeRows(M(p.A), [4, 0, 4, 2, 4, 1])],
  ["reshape", { x4 }, (p) => ad.reshape(V(p.x4), 2, 2)],
  ["flatten", { A }, (p) => ad.flatten(M(p.A))],
  ["asRow", { x4 }, (p) => ad.asRow(V(p.x4))],
  ["asColumn", { x4 }, (p) => ad.asColumn(V(p.x4))],
  ["toColumn (a column broadcast)", { x5, A }, (p) => ad.mul(M(p.A), ad.toColumn(V(p.x5)))],
  ["toRow of a row sum", { A }, (p) => ad.add(M(p.A), ad.toRow(ad.sum(ad.transpose(M(p.A)), 1)))],
  ["transpose", { A }, (p) => ad.transpose(M(p.A))],
  ["transpose of a view", { A }, (p) => ad.transpose(M(p.A).T)],
  ["softmaxCrossEntropy, labels", { A }, (p) => ad.softmaxCrossEntropy(M(p.A), labels).loss],
  ["softmaxCrossEntropy, one-hot", { A }, (p) => ad.softmaxCrossEntropy(M(p.A), oneHot(labels, 4, "f64")).loss],
  ["crossEntropy, labels", { A }, (p) => ad.crossEntropy(ad.softmax(M(p.A)), labels)],
  ["crossEntropy, one-hot", { A }, (p) => ad.crossEntropy(ad.softmax(M(p.A)), oneHot(labels, 4, "f64"))],
  ["a value used twice (gradients add up)", { A }, (p) => ad.mul(ad.sigmoid(M(p.A)), ad.tanh(M(p.A)))],
  // Recorded last, so no earlier contribution has reached x when their rules run.
  ["one tensor as both operands: sub(x, x)", { A }, (p) => ad.sub(M(p.A), M(p.A))],
  ["one tensor as both operands: div(x, x)", { P }, (p) => ad.div(M(p.P), M(p.P))],
  ["one tensor as both operands: mul(x, x)", { A }, (p) => ad.mul(M(p.A), M(p.A))],
];

describe("every rule matches central finite differences (float64, random upstream, 1e-6 relative)", () => {
  it.each(cases)("%s", (_name, params, f) => {
    expect(worstError(params, f)).toBeLessThan(1e-6);
  });

  it("the check can fail: a wrong rule is caught", () => {
    // sigmoid's forward with tanh's rule: compare the tape's gradient of one against the other's numbers.
    const p = { A: mat(rng(1), 3, 3) };
    const G = mat(rng(2), 3, 3);
    const { grads } = valueAndGrad((q: typeof p) => ad.sum(ad.mul(ad.tanh(q.A), G)))(p);
    const numeric = numericGradient(() => ad.sum(ad.mul(ad.sigmoid(p.A), G)), p.A.data);
    expect(gradError(grads.A.data, numeric)).toBeGreaterThan(1e-2);
  });
});

describe("one tensor as both operands of one op", () => {
  it("sub(x, x) has gradient 0 and div(x, x) too (each slot's contribution added once)", () => {
    // The tape used to hand both slots the same buffer: sub(x, x) came out -2, not 0.
    const x = new Matrix<1, 3, "f64">(new Float64Array([1, 2, 3]), 1, 3);
    expect(Array.from(valueAndGrad((w: typeof x) => ad.sum(ad.sub(w, w)))(x).grads.data)).toEqual([0, 0, 0]);
    expect(Array.from(valueAndGrad((w: typeof x) => ad.sum(ad.div(w, w)))(x).grads.data)).toEqual([0, 0, 0]);
  });
});

describe("traced ops outside and inside a traced call", () => {
  it("every new dot form is the op outside a trace", () => {
    expect(ad.dot(x4, v4)).toBe(D.dot(x4, v4));
    expect(String(ad.dot(x5, A))).toBe(String(D.dot(x5, A)));
    expect(String(ad.dot(A, c4))).toBe(String(D.dot(A, c4)));
  });
  it("outside valueAndGrad each is the plain op (out accepted)", () => {
    const out = new Matrix<2, 2, "f64">(new Float64Array(4), 2, 2);
    const r = ad.add(new Matrix<2, 2, "f64">(new Float64Array([1, 2, 3, 4]), 2, 2), 1, out);
    expect(r).toBe(out);
    expect(Array.from(out.data)).toEqual([2, 3, 4, 5]);
  });
  it("inside, an `out` is refused with the op's name (the tape owns the buffers)", () => {
    const p = { A: mat(rng(1), 2, 2) };
    const out = new Matrix<2, 2, "f64">(new Float64Array(4), 2, 2);
    expect(() => valueAndGrad((q: typeof p) => ad.sum(ad.exp(q.A, out)))(p)).toThrow(/ad\.exp: out is not accepted/);
  });
  it("a loss whose target depends on the parameters is refused, naming the op", () => {
    const p = { A: mat(rng(1), 2, 3) };
    const f = (q: typeof p) => ad.crossEntropy(ad.softmax(q.A), ad.softmax(q.A));
    expect(() => valueAndGrad(f)(p)).toThrow(/ad\.crossEntropy: the target depends on the parameters/);
  });
  it("shape errors inside are the ops' own ShapeErrors, and leave no tape active", () => {
    const p = { A: mat(rng(1), 2, 3) };
    const bad = () => valueAndGrad((q: typeof p) => ad.sum(ad.dot(q.A, q.A as never)))(p);
    expect(bad).toThrow(/dot: \[2, 3\] x \[2, 3\]: a\.cols \(3\) must equal b\.rows \(2\)/);
    // A later call works: the failed one released the tape.
    expect(valueAndGrad((q: typeof p) => ad.sum(q.A))(p).value).toBeCloseTo(ad.sum(p.A), 12);
  });
});
