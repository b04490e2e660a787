// src/kernels/wasm/gemm-wasm.ts: the SIMD kernels against the naive oracle, staging, chunking
// and resident (zero-copy) operands.
import { describe, expect, it } from "vitest";
import {
  allocResident,
  allocRowLists,
  axpyWasm,
  copyStats,
  freeResident,
  freeRowLists,
  gemmWasm,
  listNonzeros,
  scatterRows,
  spmmRows,
  useLists,
  wasmGemm,
  type GemmOp,
} from "../../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../../src/random/rng.js";
import { axpy } from "../../src/kernels/elementwise.js";
import { errorRatio, operand, ORIENT, shapes } from "./gemm-check.js";

const ops: GemmOp[] = ["nn", "tn", "nt"];

describe.each([false, true])("wasm kernels, f64 = %s", (f64) => {
  // zeros 0.2: the sparse entry falls back to the dense kernel (density above 0.5); 0.7 and
  // 0.97: it lists the nonzeros (rows with none at all among them).
  for (const op of ops)
    for (const zeros of [0.2, 0.7, 0.97]) {
      it(`${op}, ${zeros * 100}% zeros: agrees with naive on every shape, dense and sparse`, () => {
        const g = rng(f64 ? 41 : 42);
        for (const c of shapes(17, 20)) {
          const a = operand(g, f64, c.m * c.k, zeros),
            b = operand(g, f64, c.k * c.n);
          const mk = () => (f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n)).fill(NaN);
          const dense = mk(),
            skip = mk();
          expect(gemmWasm(op, dense, a, b, c.m, c.k, c.n, false)).toBe(true);
          expect(gemmWasm(op, skip, a, b, c.m, c.k, c.n, true)).toBe(true);
          expect(
            errorRatio(dense, a, b, c, ORIENT[op].transA, ORIENT[op].transB, f64),
            `${op} ${JSON.stringify(c)}`,
          ).toBeLessThanOrEqual(1);
          // The skip adds nothing but ±0 terms, in the same order: identical bits.
          expect(Array.from(skip)).toEqual(Array.from(dense));
        }
      });
    }

  it("writes exactly m×n elements: nothing past the end of out, resident or copied", () => {
    const g = rng(3);
    for (const op of ops) {
      for (const c of [
        { m: 5, k: 9, n: 7 },
        { m: 6, k: 4, n: 10 },
        { m: 3, k: 3, n: 1 },
        { m: 9, k: 13, n: 30 },
      ]) {
        const a = operand(g, f64, c.m * c.k, 0.7),
          b = operand(g, f64, c.k * c.n);
        const dtype = f64 ? "f64" : "f32";
        const big = allocResident(dtype, c.m * c.n + 8)!;
        const plain = f64 ? new Float64Array(c.m * c.n + 8) : new Float32Array(c.m * c.n + 8);
        for (const whole of [big, plain]) {
          whole.fill(-7);
          expect(gemmWasm(op, whole.subarray(0, c.m * c.n), a, b, c.m, c.k, c.n, true)).toBe(true);
          expect(Array.from(whole.subarray(c.m * c.n))).toEqual(new Array(8).fill(-7));
          expect(errorRatio(whole, a, b, c, ORIENT[op].transA, ORIENT[op].transB, f64)).toBeLessThanOrEqual(1);
        }
        freeResident(big);
      }
    }
  });
});

describe.each([false, true])("nonzero lists (listNonzeros, spmmRows, scatterRows), f64 = %s", (f64) => {
  const dtype = f64 ? "f64" : "f32";
  it("list a resident A once and give gemm's bits for A·B and Aᵀ·B, resident or copied operands", () => {
    const g = rng(f64 ? 51 : 52);
    for (const c of [
      { m: 100, k: 784, n: 50 },
      { m: 7, k: 13, n: 3 },
      { m: 1, k: 5, n: 9 },
      { m: 33, k: 20, n: 29 },
    ]) {
      for (const zeros of [0.8, 0.97]) {
        const a = operand(g, f64, c.m * c.k, zeros),
          b = operand(g, f64, c.k * c.n),
          d = operand(g, f64, c.m * c.n);
        const lists = allocRowLists(dtype, c.m + 2, c.k, c.n)!;
        const ra = allocResident(dtype, c.m * c.k)!;
        ra.set(a);
        const nnz = listNonzeros(lists, ra, c.m);
        expect(nnz).toBe(Array.from(a).filter((x) => x !== 0).length);
        const mk = (len: number) => (f64 ? new Float64Array(len) : new Float32Array(len)).fill(NaN);
        const [wantNN, gotNN, wantTN, gotTN] = [mk(c.m * c.n), mk(c.m * c.n), mk(c.k * c.n), mk(c.k * c.n)];
        gemmWasm("nn", wantNN, a, b, c.m, c.k, c.n, false);
        gemmWasm("tn", wantTN, a, d, c.k, c.m, c.n, false);
        expect(spmmRows(gotNN, lists, c.m, b)).toBe(true);
        expect(scatterRows(gotTN, lists, c.m, d)).toBe(true);
        expect(Array.from(gotNN), `nn ${JSON.stringify(c)}`).toEqual(Array.from(wantNN));
        expect(Array.from(gotTN), `tn ${JSON.stringify(c)}`).toEqual(Array.from(wantTN));
        // Resident out: written in place, nothing past it.
        const ro = allocResident(dtype, c.m * c.n + 4)!;
        ro.fill(-7);
        expect(spmmRows(ro, lists, c.m, b)).toBe(true);
        expect(Array.from(ro.subarray(0, c.m * c.n))).toEqual(Array.from(wantNN));
        expect(Array.from(ro.subarray(c.m * c.n))).toEqual([-7, -7, -7, -7]);
        freeResident(ro);
        freeResident(ra);
        freeRowLists(lists);
      }
    }
  });
  it("refuse what they cannot run: an A outside wasm memory, or another dtype", () => {
    const lists = allocRowLists(dtype, 4, 6, 3)!;
    expect(listNonzeros(lists, f64 ? new Float64Array(24) : new Float32Array(24), 4)).toBe(-1);
    const other = allocResident(f64 ? "f32" : "f64", 24)!;
    expect(listNonzeros(lists, other, 4)).toBe(-1);
    expect(
      spmmRows(
        f64 ? new Float32Array(12) : new Float64Array(12),
        lists,
        4,
        f64 ? new Float32Array(18) : new Float64Array(18),
      ),
    ).toBe(false);
    freeResident(other);
    freeRowLists(lists);
  });
});

describe.each([false, true])("useLists: products on a listed batch run from its lists, f64 = %s", (f64) => {
  it("X·W and Xᵀ·dY the same bits without listing X again; another product fills X first, once", () => {
    const dtype = f64 ? "f64" : "f32";
    const B = 24,
      I = 150,
      H = 20;
    const g = rng(7);
    const x = allocResident(dtype, B * I)!;
    const lists = allocRowLists(dtype, B, I, H)!;
    for (let i = 0; i < x.length; i++) x[i] = g.next() < 0.8 ? 0 : g.next() - 0.5;
    const W = (f64 ? new Float64Array(I * H) : new Float32Array(I * H)).map(() => g.next() - 0.5);
    const dY = (f64 ? new Float64Array(B * H) : new Float32Array(B * H)).map(() => g.next() - 0.5);
    const fresh = (n: number) => (f64 ? new Float64Array(n) : new Float32Array(n));
    const want = { z: fresh(B * H), dW: fresh(I * H), zt: fresh(B * B) };
    gemmWasm("nn", want.z, x, W, B, I, H, true);
    gemmWasm("tn", want.dW, x, dY, I, B, H, true);
    gemmWasm("nt", want.zt, x, x, B, I, B, false);
    listNonzeros(lists, x, B);
    // X overwritten: only its lists know the batch, and fill() brings its rows back.
    const rows = x.slice();
    x.fill(9);
    let fills = 0;
    useLists(x, lists, B, () => {
      fills++;
      x.set(rows);
    });
    try {
      const got = { z: fresh(B * H), dW: fresh(I * H), zt: fresh(B * B) };
      gemmWasm("nn", got.z, x, W, B, I, H, true);
      gemmWasm("tn", got.dW, x, dY, I, B, H, true);
      expect(fills).toBe(0);
      expect(Array.from(got.z)).toEqual(Array.from(want.z));
      expect(Array.from(got.dW)).toEqual(Array.from(want.dW));
      // A product the lists cannot run (another op) reads X: filled first, and the lists forgotten.
      gemmWasm("nt", got.zt, x, x, B, I, B, false);
      expect(fills).toBe(1);
      expect(Array.from(got.zt)).toEqual(Array.from(want.zt));
      gemmWasm("nn", got.z, x, W, B, I, H, true);
      expect(fills).toBe(1);
      expect(Array.from(got.z)).toEqual(Array.from(want.z));
    } finally {
      useLists(null);
      freeRowLists(lists);
      freeResident(x);
    }
  });
});

describe.each([false, true])("axpyWasm, f64 = %s", (f64) => {
  it("gives the TS loop's bits, resident or copied, and writes nothing past n", () => {
    const g = rng(f64 ? 61 : 62);
    const dtype = f64 ? "f64" : "f32";
    for (const n of [1, 3, 4, 7, 50, 39200, 39203]) {
      const x = operand(g, f64, n + 3),
        y0 = operand(g, f64, n + 3);
      const alpha = -0.1 * g.next();
      const want = y0.slice();
      axpy(want, alpha, x, n);
      const copied = y0.slice();
      expect(axpyWasm(copied, alpha, x, n)).toBe(true);
      expect(Array.from(copied), `n = ${n}`).toEqual(Array.from(want));
      const ry = allocResident(dtype, n + 3)!,
        rx = allocResident(dtype, n + 3)!;
      ry.set(y0);
      rx.set(x);
      expect(axpyWasm(ry, alpha, rx, n)).toBe(true);
      expect(Array.from(ry), `resident, n = ${n}`).toEqual(Array.from(want));
      freeResident(ry);
      freeResident(rx);
    }
  });
  it("declines mixed dtypes, writing nothing", () => {
    const y = new Float32Array([1, 2]);
    expect(axpyWasm(y, 1, new Float64Array([1, 1]), 2)).toBe(false);
    expect(Array.from(y)).toEqual([1, 2]);
  });
});

describe("staging", () => {
  it("resident operands give the same bits as copied ones and copy nothing", () => {
    const g = rng(9);
    const c = { m: 37, k: 61, n: 23 };
    for (const op of ops) {
      const a = operand(g, false, c.m * c.k, 0.5),
        b = operand(g, false, c.k * c.n);
      const copied = new Float32Array(c.m * c.n);
      gemmWasm(op, copied, a, b, c.m, c.k, c.n, true);
      const ra = allocResident("f32", a.length)!,
        rb = allocResident("f32", b.length)!,
        ro = allocResident("f32", c.m * c.n)!;
      ra.set(a);
      rb.set(b);
      const before = { ...copyStats };
      gemmWasm(op, ro, ra, rb, c.m, c.k, c.n, true);
      expect(copyStats).toEqual(before);
      expect(Array.from(ro)).toEqual(Array.from(copied));
      for (const r of [ra, rb, ro]) freeResident(r);
    }
  });

  it("walks a tall product in row chunks (more than 2^20 elements of A) with the same result", () => {
    const g = rng(12);
    const c = { m: 1400, k: 800, n: 5 };
    for (const op of ["nn", "nt"] as const) {
      const a = operand(g, false, c.m * c.k, 0.8),
        b = operand(g, false, c.k * c.n);
      const out = new Float32Array(c.m * c.n).fill(NaN);
      expect(gemmWasm(op, out, a, b, c.m, c.k, c.n, true)).toBe(true);
      expect(errorRatio(out, a, b, c, false, op === "nt", false)).toBeLessThanOrEqual(1);
    }
  });

  it("declines mixed dtypes, leaving out untouched, so the caller's TS kernel runs", () => {
    const out = new Float32Array(4).fill(3);
    expect(gemmWasm("nn", out, new Float64Array(4), new Float32Array(4), 2, 2, 2, false)).toBe(false);
    expect(Array.from(out)).toEqual([3, 3, 3, 3]);
  });

  it("loads synchronously", () => {
    expect(wasmGemm()).not.toBeNull();
  });
});
