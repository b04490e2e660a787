import { describe, expect, it } from "vitest";
import {
  affineBackward,
  affineForward,
  fromTypedArray,
  rng,
  vectorFromTypedArray,
  zeros,
  zerosVector,
} from "../../src/index.js";
import { gradError, numericGradient, weightedSum } from "./helpers.js";

const g = rng(101);
const B = 4,
  I = 7,
  O = 3;
const X = fromTypedArray(g.fillNormal(new Float64Array(B * I)) as Float64Array, B, I);
const W = fromTypedArray(g.fillNormal(new Float64Array(I * O)) as Float64Array, I, O);
const b = vectorFromTypedArray(g.fillNormal(new Float64Array(O)) as Float64Array, O);
// A random upstream gradient, never all ones: it would hide a transposed or mis-summed term.
const G = fromTypedArray(g.fillNormal(new Float64Array(B * O)) as Float64Array, B, O);

describe("affineForward", () => {
  it("computes X·W + b", () => {
    const { out } = affineForward(X, W, b);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < O; j++) {
        let s = b.data[j]!;
        for (let p = 0; p < I; p++) s += X.data[i * I + p]! * W.data[p * O + j]!;
        expect(out.get(i, j)).toBeCloseTo(s, 12);
      }
    }
  });
  it("writes into out and caches X and W", () => {
    const out = zeros(B, O, "f64");
    const r = affineForward(X, W, b, out);
    expect(r.out).toBe(out);
    expect(r.cache.X).toBe(X);
    expect(r.cache.W).toBe(W);
  });
  it.each([
    [
      () => affineForward(X, zeros(6, 3, "f64") as never, b),
      "affineForward: X [4, 7] · W [6, 3]: X.cols (7) must equal W.rows (6)",
    ],
    [
      () => affineForward(X, W, zerosVector(4, "f64") as never),
      "affineForward: b [4] for W [7, 3]: b.size (4) must equal W.cols (3)",
    ],
    [() => affineForward(X, zeros(7, 3) as never, b), "affineForward: dtype f64 and f32 do not mix"],
    [() => affineForward(X, W, b, zeros(4, 3, "f64").T as never), "affineForward: out must be a Matrix"],
  ])("refuses bad operands %#", (f, msg) => {
    expect(f).toThrow(msg);
  });
});

describe("affineBackward", () => {
  it("matches central finite differences for X, W and b (float64, random upstream)", () => {
    const f = () => weightedSum(G.data, affineForward(X, W, b).out.data);
    const { dX, dW, db } = affineBackward(G, affineForward(X, W, b).cache);
    expect(gradError(dX.data, numericGradient(f, X.data))).toBeLessThan(1e-6);
    expect(gradError(dW.data, numericGradient(f, W.data))).toBeLessThan(1e-6);
    expect(gradError(db.data, numericGradient(f, b.data))).toBeLessThan(1e-6);
  });
  it("skips dX when asked, with the same dW and db", () => {
    const { cache } = affineForward(X, W, b);
    const all = affineBackward(G, cache);
    const some = affineBackward(G, cache, { skipDX: true });
    expect(some.dX).toBeUndefined();
    expect(some.dW.data).toEqual(all.dW.data);
    expect(some.db.data).toEqual(all.db.data);
  });
  it("writes into given outputs", () => {
    const { cache } = affineForward(X, W, b);
    const out = { dX: zeros(B, I, "f64"), dW: zeros(I, O, "f64"), db: zerosVector(O, "f64") };
    const r = affineBackward(G, cache, { out });
    expect(r.dX).toBe(out.dX);
    expect(r.dW).toBe(out.dW);
    expect(r.db).toBe(out.db);
  });
  it("refuses a dOut of the wrong shape", () => {
    const { cache } = affineForward(X, W, b);
    expect(() => affineBackward(zeros(B, 4, "f64") as never, cache)).toThrow(
      "affineBackward: dOut is [4, 4] but the layer's output is [4, 3]",
    );
  });
});
