import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  gemmBlocked,
  gemmBlockedSkipZeros,
  gemmNN,
  gemmNT,
  gemmTN,
  gemmTT,
  gemv,
  gemvT,
} from "../../src/kernels/gemm.js";
import { kernelFamily, setKernelFamily, type KernelFamily } from "../../src/kernels/settings.js";
import { wasmStatus } from "../../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../../src/random/rng.js";
import { errorRatio, operand, ORIENT, shapes, type Case } from "./gemm-check.js";

const initial = kernelFamily();
afterEach(() => void setKernelFamily(initial));

// Strides that make gemmBlocked compute each orientation (see gemm.ts).
function strides(o: keyof typeof ORIENT, { m, k, n }: Case): [number, number, number, number] {
  const [ars, aps] = ORIENT[o].transA ? [1, m] : [k, 1];
  const [bps, bjs] = ORIENT[o].transB ? [1, k] : [n, 1];
  return [ars, aps, bps, bjs];
}

describe.each([false, true])("TS blocked kernels, f64 = %s", (f64) => {
  const g = rng(f64 ? 64 : 32);
  for (const o of ["nn", "tn", "nt", "tt"] as const) {
    it(`${o}: dense and zero-skipping agree with naive on every shape`, () => {
      for (const c of shapes(11)) {
        const a = operand(g, f64, c.m * c.k, 0.6),
          b = operand(g, f64, c.k * c.n);
        const dense = f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n);
        const skip = dense.slice().fill(NaN);
        dense.fill(NaN); // every element must be written
        gemmBlocked(dense, a, b, c.m, c.k, c.n, ...strides(o, c));
        gemmBlockedSkipZeros(skip, a, b, c.m, c.k, c.n, ...strides(o, c));
        expect(
          errorRatio(dense, a, b, c, ORIENT[o].transA, ORIENT[o].transB, f64),
          JSON.stringify(c),
        ).toBeLessThanOrEqual(1);
        // Skipping zero terms changes no bit of a finite result.
        expect(Array.from(skip)).toEqual(Array.from(dense));
      }
    });
  }
});

const entry = { nn: gemmNN, tn: gemmTN, nt: gemmNT, tt: gemmTT } as const;

describe.each<KernelFamily>(["js", "wasm", "auto"])("gemm entry points, kernel family %s", (family) => {
  for (const f64 of [false, true]) {
    it(`all four orientations agree with naive (f64 = ${f64})`, () => {
      setKernelFamily(family);
      const g = rng(f64 ? 7 : 8);
      for (const o of ["nn", "tn", "nt", "tt"] as const) {
        for (const c of [...shapes(3, 6), { m: 100, k: 78, n: 50 }]) {
          const a = operand(g, f64, c.m * c.k, 0.5),
            b = operand(g, f64, c.k * c.n);
          const out = (f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n)).fill(NaN);
          expect(entry[o](out, a, b, c.m, c.k, c.n)).toBe(out);
          expect(
            errorRatio(out, a, b, c, ORIENT[o].transA, ORIENT[o].transB, f64),
            `${o} ${JSON.stringify(c)}`,
          ).toBeLessThanOrEqual(1);
        }
      }
    });
  }
  it("an empty sum (k = 0) writes zeros; empty outputs are fine", () => {
    setKernelFamily(family);
    const out = new Float32Array(6).fill(NaN);
    gemmNN(out, new Float32Array(0), new Float32Array(0), 2, 0, 3);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => gemmTN(new Float32Array(0), new Float32Array(0), new Float32Array(12), 0, 4, 3)).not.toThrow();
  });
});

describe("gemv", () => {
  it.each([false, true])("gemv and gemvT agree with naive (f64 = %s)", (f64) => {
    const g = rng(5);
    for (const { m, k } of shapes(9)) {
      const a = operand(g, f64, m * k),
        x = operand(g, f64, k);
      const out = f64 ? new Float64Array(m) : new Float32Array(m);
      gemv(out, a, x, m, k);
      expect(errorRatio(out, a, x, { m, k, n: 1 }, false, false, f64)).toBeLessThanOrEqual(1);
      const aT = operand(g, f64, k * m);
      gemvT(out, aT, x, m, k);
      expect(errorRatio(out, aT, x, { m, k, n: 1 }, true, false, f64)).toBeLessThanOrEqual(1);
    }
  });
});

describe("kernel family", () => {
  it("the wasm kernels load in Node 20", () => {
    expect(wasmStatus()).toBe("ok");
  });
  it("js and wasm give the same product within float tolerance on a training-size shape", () => {
    const g = rng(21);
    const c = { m: 100, k: 784, n: 50 };
    const a = operand(g, false, c.m * c.k, 0.81),
      b = operand(g, false, c.k * c.n);
    const viaJs = new Float32Array(c.m * c.n),
      viaWasm = new Float32Array(c.m * c.n);
    setKernelFamily("js");
    gemmNN(viaJs, a, b, c.m, c.k, c.n);
    setKernelFamily("wasm");
    gemmNN(viaWasm, a, b, c.m, c.k, c.n);
    expect(errorRatio(viaWasm, a, b, c, false, false, false)).toBeLessThanOrEqual(1);
    expect(errorRatio(viaJs, a, b, c, false, false, false)).toBeLessThanOrEqual(1);
    expect(viaWasm).not.toEqual(new Float32Array(c.m * c.n));
  });
});

describe("without WebAssembly", () => {
  it("falls back to the TS kernels (node --jitless has no WebAssembly)", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const script = `
      const { gemmNN, gemmTN } = await import("./src/kernels/gemm.ts");
      const { wasmStatus } = await import("./src/kernels/wasm/gemm-wasm.ts");
      const a = Float32Array.from({ length: 6 }, (_, i) => i + 1), b = Float32Array.from({ length: 6 }, (_, i) => 6 - i);
      const nn = new Float32Array(4), tn = new Float32Array(9);
      gemmNN(nn, a, b, 2, 3, 2);
      gemmTN(tn, a, b, 3, 2, 3);
      console.log(JSON.stringify({ status: wasmStatus(), nn: Array.from(nn), tn: Array.from(tn) }));`;
    const r = spawnSync(process.execPath, ["--jitless", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TYPED_TENSOR_KERNELS: "wasm" },
    });
    expect(r.status, r.stderr).toBe(0);
    // [1 2 3; 4 5 6]·[6 5; 4 3; 2 1] and [1 2 3; 4 5 6]ᵀ·[6 5 4; 3 2 1], worked by hand.
    expect(JSON.parse(r.stdout)).toEqual({
      status: "unavailable: no WebAssembly in this engine",
      nn: [20, 14, 56, 41],
      tn: [18, 13, 8, 27, 20, 13, 36, 27, 18],
    });
  });
});
