// The traced abs, pow, clip, minimum, maximum, comparisons and where: each rule against central
// finite differences (float64, random upstream, inputs away from kinks), the conventions at the
// kinks exactly, the mask as a constant, and each ad op equal to the op outside a trace.
import { describe, expect, it } from "vitest";
import * as ops from "../../src/index.js";
import {
  ad,
  fromArray,
  grad,
  Matrix,
  rng,
  valueAndGrad,
  vectorFromArray,
  type Column,
  type Vector,
} from "../../src/index.js";
import { col, mat, vec, worstError, type Params } from "./fd.js";

const g = rng(71);
type M = Matrix<number, number, "f64">;
const M_ = <T>(x: T) => x as unknown as M;
const V_ = <T>(x: T) => x as unknown as Vector<number, "f64">;
const C_ = <T>(x: T) => x as unknown as Column<number, "f64">;

/** A matrix whose every element is at least `gap` from each of `kinks` (its partner's value at i). */
function away(r: number, c: number, kinks: (i: number) => number[], gap = 0.05): M {
  const m = mat(g, r, c);
  for (let i = 0; i < m.data.length; i++)
    while (kinks(i).some((k) => Math.abs(m.data[i]! - k) < gap)) m.data[i] = -2 + 4 * g.next();
  return m;
}

const B = mat(g, 4, 5),
  row = vec(g, 5),
  column = col(g, 4);
const cases: [string, Params, (p: Params) => ops.Leaf | number][] = [
  ["abs", { A: away(4, 5, () => [0]) }, (p) => ad.abs(M_(p.A))],
  ["abs of a vector", { v: vec(g, 6) }, (p) => ad.abs(V_(p.v))],
  ["pow 2", { A: mat(g, 4, 5) }, (p) => ad.pow(M_(p.A), 2)],
  ["pow 3", { A: mat(g, 4, 5) }, (p) => ad.pow(M_(p.A), 3)],
  ["pow 0.5 (positive base)", { A: mat(g, 4, 5, 0.2, 2) }, (p) => ad.pow(M_(p.A), 0.5)],
  ["pow -1.5 (positive base)", { A: mat(g, 4, 5, 0.2, 2) }, (p) => ad.pow(M_(p.A), -1.5)],
  ["clip", { A: away(4, 5, () => [-0.5, 1]) }, (p) => ad.clip(M_(p.A), -0.5, 1)],
  ["maximum, equal shapes", { A: away(4, 5, (i) => [B.data[i]!]), B }, (p) => ad.maximum(M_(p.A), M_(p.B))],
  ["maximum, a row vector", { A: away(4, 5, (i) => [row.data[i % 5]!]), row }, (p) => ad.maximum(M_(p.A), V_(p.row))],
  [
    "maximum, a column",
    { A: away(4, 5, (i) => [column.data[Math.floor(i / 5)]!]), column },
    (p) => ad.maximum(M_(p.A), C_(p.column)),
  ],
  ["maximum, a scalar", { A: away(4, 5, () => [0.3]) }, (p) => ad.maximum(M_(p.A), 0.3)],
  ["minimum, equal shapes", { A: away(4, 5, (i) => [B.data[i]!]), B }, (p) => ad.minimum(M_(p.A), M_(p.B))],
  ["minimum, a row vector", { A: away(4, 5, (i) => [row.data[i % 5]!]), row }, (p) => ad.minimum(M_(p.A), V_(p.row))],
  [
    "minimum, a column",
    { A: away(4, 5, (i) => [column.data[Math.floor(i / 5)]!]), column },
    (p) => ad.minimum(M_(p.A), C_(p.column)),
  ],
  ["where, both branches tensors", { A: mat(g, 4, 5), B }, (p) => ad.where(ad.greater(B, 0), M_(p.A), M_(p.B))],
  ["where, a number branch", { A: mat(g, 4, 5) }, (p) => ad.where(ad.less(B, 0), 0.5, M_(p.A))],
  [
    "leaky relu: where(greater(x, 0), x, mul(x, 0.01)), the mask from the parameter",
    { A: away(4, 5, () => [0]) },
    (p) => ad.where(ad.greater(M_(p.A), 0), M_(p.A), ad.mul(M_(p.A), 0.01)),
  ],
  [
    "a mask weighting: mul(x, lessEqual(x, 1)) (the mask is a constant)",
    { A: away(4, 5, () => [1]) },
    (p) => ad.mul(M_(p.A), ad.lessEqual(M_(p.A), 1)),
  ],
];

describe("every rule matches central finite differences (float64, random upstream, 1e-6 relative)", () => {
  it.each(cases)("%s", (_name, params, f) => {
    expect(worstError(params, f)).toBeLessThan(1e-6);
  });
});

describe("the conventions at the kinks, exactly", () => {
  const x = fromArray([[-1.5, 0, 2, 1, -0.5]], "f64");
  const dx = (f: (w: typeof x) => number) => Array.from(grad(f)(x).data);
  it("abs'(0) = 0", () => {
    expect(dx((w) => ad.sum(ad.abs(w)))).toEqual([-1, 0, 1, 1, -1]);
  });
  it("clip passes the gradient at its bounds (lo ≤ x ≤ hi) and not beyond", () => {
    expect(dx((w) => ad.sum(ad.clip(w, -0.5, 1)))).toEqual([0, 1, 0, 1, 1]);
  });
  it("pow: p·x^(p-1), and 0 for p = 0 even at x = 0", () => {
    expect(dx((w) => ad.sum(ad.pow(w, 2)))).toEqual([-3, 0, 4, 2, -1]);
    expect(dx((w) => ad.sum(ad.pow(w, 0)))).toEqual([0, 0, 0, 0, 0]);
  });
  it("maximum and minimum give a tie to a, as max gives it to the first maximal element", () => {
    const both = { a: fromArray([[1, 2, 3]], "f64"), b: fromArray([[1, 0, 3]], "f64") };
    const gm = grad((p: typeof both) => ad.sum(ad.maximum(p.a, p.b)))(both);
    expect([Array.from(gm.a.data), Array.from(gm.b.data)]).toEqual([
      [1, 1, 1],
      [0, 0, 0],
    ]);
    const gn = grad((p: typeof both) => ad.sum(ad.minimum(p.a, p.b)))(both);
    expect([Array.from(gn.a.data), Array.from(gn.b.data)]).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    // A bias-shaped b tied with every row: nothing reaches b.
    const wb = {
      a: fromArray(
        [
          [1, 2],
          [1, 2],
        ],
        "f64",
      ),
      b: vectorFromArray([1, 2], "f64"),
    };
    expect(Array.from(grad((p: typeof wb) => ad.sum(ad.maximum(p.a, p.b)))(wb).b.data)).toEqual([0, 0]);
  });
  it("a comparison's mask carries no gradient, and where none to its mask", () => {
    // Σ x ⊙ [x > 0] has gradient [x > 0] (the mask's own derivative is not added).
    expect(dx((w) => ad.sum(ad.mul(w, ad.greater(w, 0))))).toEqual([0, 0, 1, 1, 0]);
    expect(dx((w) => ad.sum(ad.where(ad.greaterEqual(w, 1), w, ad.neg(w))))).toEqual([-1, -1, 1, 1, -1]);
    for (const cmp of [ad.greater, ad.greaterEqual, ad.less, ad.lessEqual, ad.equal, ad.notEqual]) {
      expect(dx((w) => ad.sum(ad.mul(cmp(w, 0), 3)))).toEqual([0, 0, 0, 0, 0]);
    }
  });
  it("where sends the gradient to the branch taken, even the same tensor on both sides", () => {
    const mask = fromArray([[1, 0, 1, 0, 1]], "f64");
    expect(dx((w) => ad.sum(ad.where(mask, w, w)))).toEqual([1, 1, 1, 1, 1]);
    expect(dx((w) => ad.sum(ad.where(mask, w, ad.mul(w, 2))))).toEqual([1, 2, 1, 2, 1]);
  });
});

describe("outside a trace each is the op; inside, the op's value", () => {
  const x32 = fromArray([
    [-1.5, 0, 2],
    [1, -0.5, 3],
  ]);
  const y32 = fromArray([
    [1, 0, -2],
    [1, 0.5, 2],
  ]);
  const pairs: [string, () => unknown, () => unknown][] = [
    ["abs", () => ad.abs(x32), () => ops.abs(x32)],
    ["pow", () => ad.pow(x32, 3), () => ops.pow(x32, 3)],
    ["clip", () => ad.clip(x32, -1, 1), () => ops.clip(x32, -1, 1)],
    ["maximum", () => ad.maximum(x32, y32), () => ops.maximum(x32, y32)],
    ["minimum", () => ad.minimum(x32, 0), () => ops.minimum(x32, 0)],
    ["greater", () => ad.greater(x32, y32), () => ops.greater(x32, y32)],
    ["greaterEqual", () => ad.greaterEqual(x32, 1), () => ops.greaterEqual(x32, 1)],
    ["less", () => ad.less(x32, y32), () => ops.less(x32, y32)],
    ["lessEqual", () => ad.lessEqual(x32, 1), () => ops.lessEqual(x32, 1)],
    ["equal", () => ad.equal(x32, y32), () => ops.equal(x32, y32)],
    ["notEqual", () => ad.notEqual(x32, 1), () => ops.notEqual(x32, 1)],
    ["where", () => ad.where(ops.greater(x32, 0), x32, y32), () => ops.where(ops.greater(x32, 0), x32, y32)],
  ];
  it.each(pairs)("%s", (_name, traced, plain) => {
    expect(String(traced())).toBe(String(plain()));
    // Inside a trace the op's value is the same (the tape's buffer holds what the op computes).
    const p = { x: ops.astype(x32, "f64") };
    let inside = "";
    valueAndGrad((q: typeof p) => {
      const r = traced();
      inside = String(r);
      return ad.sum(q.x);
    })(p);
    expect(inside).toBe(String(plain()));
  });
  it("out is accepted outside and refused inside, by name", () => {
    const out = new Matrix<2, 3, "f32">(new Float32Array(6), 2, 3);
    expect(ad.clip(x32, 0, 1, out)).toBe(out);
    const p = { x: ops.astype(x32, "f64") };
    expect(() => valueAndGrad((q: typeof p) => ad.sum(ad.abs(q.x, ops.zeros(2, 3, "f64"))))(p)).toThrow(
      /ad\.abs: out is not accepted/,
    );
    expect(() => valueAndGrad((q: typeof p) => ad.sum(ad.less(q.x, 0, ops.zeros(2, 3, "f64"))))(p)).toThrow(
      /ad\.less: out is not accepted/,
    );
  });
});
