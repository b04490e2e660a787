// src/kernels/wasm/activation-wasm.ts: the SIMD bias + sigmoid, and a softmax's exp, against the
// exact formulas.
import { describe, expect, it } from "vitest";
import { biasSigmoidWasm, expNonPositiveWasm, sigmoidBackwardWasm } from "../../src/kernels/wasm/activation-wasm.js";
import { sumAxis0 } from "../../src/kernels/reduce.js";
import { allocResident, freeResident } from "../../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../../src/random/rng.js";

/** σ(x) in float64, the reference. */
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Distance in float32 ulps (of the reference value) between got and the exact σ(z + b). */
function ulps(got: number, exact: number): number {
  const f = new Float32Array([exact]);
  const u = new Uint32Array(f.buffer);
  const next = new Float32Array(new Uint32Array([u[0]! + 1]).buffer)[0]!;
  return Math.abs(got - exact) / Math.max(next - f[0]!, 1e-45);
}

describe("biasSigmoidWasm", () => {
  it("is within 2 float32 ulps of σ on random rows of every width, ragged edges included", () => {
    const g = rng(77);
    for (const [rows, cols] of [
      [1, 1],
      [3, 2],
      [5, 7],
      [100, 50],
      [2, 13],
      [9, 4],
    ] as const) {
      const z = new Float32Array(rows * cols),
        b = new Float32Array(cols);
      g.fillNormal(z, 0, 6);
      g.fillNormal(b, 0, 2);
      const before = z.slice();
      expect(biasSigmoidWasm(z, b, rows, cols)).toBe(true);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = Math.fround(before[i * cols + j]! + b[j]!);
          expect(ulps(z[i * cols + j]!, sigmoid(x)), `x = ${x}`).toBeLessThanOrEqual(2);
        }
      }
    }
  });

  it("handles the extremes: large |x| saturates without overflow, NaN stays NaN", () => {
    const xs = [0, -0, 1e-8, -1e-8, 20, -20, 80, -80, 88, -88, 1e4, -1e4, Infinity, -Infinity, NaN];
    const z = Float32Array.from(xs),
      b = new Float32Array(xs.length);
    // One row of xs.length columns: the bias is zero, so z holds σ(x).
    expect(biasSigmoidWasm(z, b, 1, xs.length)).toBe(true);
    xs.forEach((x, i) => {
      if (Number.isNaN(x)) expect(z[i]).toBeNaN();
      else if (Math.abs(x) > 87) expect(Math.abs(z[i]! - sigmoid(x))).toBeLessThan(2e-38);
      else expect(ulps(z[i]!, sigmoid(x)), `x = ${x}`).toBeLessThanOrEqual(2);
    });
  });

  it("writes rows × cols elements only, and works in place on resident arrays", () => {
    const z = allocResident("f32", 3 * 5 + 4)!,
      b = allocResident("f32", 5)!;
    z.fill(0.25);
    b.fill(-0.25);
    expect(biasSigmoidWasm(z.subarray(0, 15), b, 3, 5)).toBe(true);
    expect(Array.from(z.subarray(0, 15))).toEqual(new Array(15).fill(0.5));
    expect(Array.from(z.subarray(15))).toEqual([0.25, 0.25, 0.25, 0.25]);
    freeResident(z);
    freeResident(b);
  });

  it("declines float64, leaving z untouched, so the caller's loop runs", () => {
    const z = new Float64Array([1, 2]);
    expect(biasSigmoidWasm(z, new Float64Array(2), 1, 2)).toBe(false);
    expect(Array.from(z)).toEqual([1, 2]);
  });
});

describe("sigmoidBackwardWasm", () => {
  it("scales d by y·(1 - y) within an ulp and gives sumAxis0's bits for db, ragged rows included", () => {
    const g = rng(78);
    for (const [rows, cols] of [
      [1, 1],
      [3, 2],
      [5, 7],
      [100, 50],
      [2, 13],
    ] as const) {
      const n = rows * cols;
      const d = allocResident("f32", n + 4)!,
        y = allocResident("f32", n)!;
      g.fillNormal(d, 0, 1);
      g.fillUniform(y, 0, 1);
      const before = d.slice(0, n + 4);
      const db = new Float32Array(cols + 2).fill(-7);
      expect(sigmoidBackwardWasm(d.subarray(0, n), y, db, rows, cols)).toBe(true);
      for (let i = 0; i < n; i++) {
        const want = before[i]! * y[i]! * (1 - y[i]!);
        expect(Math.abs(d[i]! - want), `i = ${i}`).toBeLessThanOrEqual(Math.abs(want) * 2 ** -22);
      }
      expect(Array.from(d.subarray(n))).toEqual(Array.from(before.subarray(n)));
      const want = new Float32Array(cols);
      sumAxis0(want, d, rows, cols);
      expect(Array.from(db.subarray(0, cols))).toEqual(Array.from(want));
      expect(Array.from(db.subarray(cols))).toEqual([-7, -7]);
      freeResident(d);
      freeResident(y);
    }
  });

  it("declines d or y outside wasm memory (and float64), writing nothing", () => {
    const d = new Float32Array([1, 2]),
      y = allocResident("f32", 2)!,
      db = new Float32Array(2);
    expect(sigmoidBackwardWasm(d, y, db, 1, 2)).toBe(false);
    expect(sigmoidBackwardWasm(new Float64Array(2), new Float64Array(2), new Float64Array(2), 1, 2)).toBe(false);
    expect(Array.from(d)).toEqual([1, 2]);
    expect(Array.from(db)).toEqual([0, 0]);
    freeResident(y);
  });
});

describe("expNonPositiveWasm", () => {
  it("is within 2 float32 ulps of e^x over a softmax's range, for every length (ragged ends too)", () => {
    const g = rng(5);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 1000, 1001]) {
      const p = new Float32Array(n + 3).fill(7); // past n: must stay untouched
      for (let i = 0; i < n; i++) p[i] = -Math.abs(g.next() * 87);
      const x = p.slice(0, n);
      expect(expNonPositiveWasm(p, n)).toBe(true);
      for (let i = 0; i < n; i++) expect(ulps(p[i]!, Math.exp(x[i]!)), `x = ${x[i]}`).toBeLessThanOrEqual(2);
      expect(Array.from(p.subarray(n))).toEqual([7, 7, 7]);
    }
  });

  it("gives 1 at 0, 0 below float32's normal range and at -Infinity, and NaN for NaN", () => {
    const xs = [0, -0, -1e-8, -87.3, -87.4, -100, -1e4, -Infinity, NaN];
    const p = Float32Array.from(xs);
    expect(expNonPositiveWasm(p, xs.length)).toBe(true);
    expect(p[0]).toBe(1);
    expect(p[1]).toBe(1);
    expect(ulps(p[2]!, Math.exp(Math.fround(-1e-8)))).toBeLessThanOrEqual(2);
    expect(ulps(p[3]!, Math.exp(Math.fround(-87.3)))).toBeLessThanOrEqual(2);
    expect(Array.from(p.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(p[8]).toBeNaN();
  });

  it("refuses float64 (its exps stay Math.exp's)", () => {
    expect(expNonPositiveWasm(new Float64Array(4), 4)).toBe(false);
  });
});
