// The dispatching SGD update: the same bits on every kernel family, short and long vectors.
import { afterEach, describe, expect, it } from "vitest";
import { axpy } from "../../src/kernels/axpy.js";
import { kernelFamily, setKernelFamily } from "../../src/kernels/settings.js";
import { rng } from "../../src/random/rng.js";

const initial = kernelFamily();
afterEach(() => void setKernelFamily(initial));

describe("axpy (the dispatching SGD update)", () => {
  it.each(["f32", "f64"] as const)("gives the same bits on every family (%s), long and short vectors", (dtype) => {
    const g = rng(11);
    for (const n of [1, 7, 33, 4095, 4096, 39_200]) {
      const make = () => (dtype === "f64" ? new Float64Array(n) : new Float32Array(n));
      const x = g.fillNormal(make()),
        y0 = g.fillNormal(make());
      const results = (["js", "wasm", "auto"] as const).map((f) => {
        setKernelFamily(f);
        const y = y0.slice();
        axpy(y, -0.1, x, n);
        return y;
      });
      const want = y0.map((v, i) => (dtype === "f64" ? v + -0.1 * x[i]! : Math.fround(v + -0.1 * x[i]!)));
      expect(results[0]).toEqual(want);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    }
  });
});
