// min/argmin, variance and log-sum-exp loops against naive float64 references over every shape
// in SIZES, both dtypes; the float32 variance of values with a large common offset stays
// accurate (two passes), where the one-pass formula loses every digit.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/stats.js";
import { bufOf, DTYPES, expectClose, gen, randomGrid, refTranspose, shapes2, toBuf } from "./reference.js";

const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const refVar = (xs: number[], ddof: number) => {
  const m = total(xs) / xs.length;
  return total(xs.map((x) => (x - m) ** 2)) / (xs.length - ddof);
};
const refLse = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(total(xs.map((x) => Math.exp(x - m))));
};

describe.each(DTYPES)("stats kernels (%s)", (dtype) => {
  it("match the references along both axes and overall", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 23 + c), r, c, dtype, 3);
      const A = toBuf(a, dtype, c),
        cols = refTranspose(a, c),
        all = a.flat();
      expect(Array.from(k.minAxis0(bufOf(dtype, c), A, r, c))).toEqual(cols.map((x) => Math.min(...x)));
      expect(Array.from(k.minAxis1(bufOf(dtype, r), A, r, c))).toEqual(a.map((x) => Math.min(...x)));
      expect(k.minAll(A, r * c)).toBe(Math.min(...all));
      expect(Array.from(k.argminRows(new Int32Array(r), A, r, c))).toEqual(a.map((x) => x.indexOf(Math.min(...x))));
      const scale = (xs: number[]) => 10 * (total(xs.map((x) => x * x)) / xs.length + 1);
      expectClose(
        k.varianceAxis1(bufOf(dtype, r), A, r, c, 0),
        a.map((x) => refVar(x, 0)),
        dtype,
        a.map(scale),
      );
      if (r > 1)
        expectClose(
          k.varianceAxis0(bufOf(dtype, c), A, r, c, 1),
          cols.map((x) => refVar(x, 1)),
          dtype,
          cols.map(scale),
        );
      expectClose([k.varianceAll(A, r * c, 0)], [refVar(all, 0)], dtype, [scale(all)]);
      expectClose(
        k.logSumExpAxis0(bufOf(dtype, c), A, r, c),
        cols.map(refLse),
        dtype,
        cols.map((x) => Math.max(...x.map(Math.abs)) + 1),
      );
      expectClose(
        k.logSumExpAxis1(bufOf(dtype, r), A, r, c),
        a.map(refLse),
        dtype,
        a.map((x) => Math.max(...x.map(Math.abs)) + 1),
      );
      expectClose([k.logSumExpAll(A, r * c)], [refLse(all)], dtype, [Math.max(...all.map(Math.abs)) + 1]);
    }
  });

  it("keeps a float32 variance accurate under a large common offset (two passes)", () => {
    const xs = [1e4 + 1, 1e4 + 2, 1e4 + 3, 1e4 + 4];
    expect(k.varianceAll(new Float32Array(xs), 4, 0)).toBe(1.25);
  });
});
