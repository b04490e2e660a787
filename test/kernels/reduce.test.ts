// Reductions against plain sums and maxima over rows and columns, NaN rules as NumPy's, and
// NumPy's own values.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/reduce.js";
import fixture from "../fixtures/core/numpy.json";
import { bufOf, DTYPES, expectClose, fixtureBuf, gen, randomGrid, refTranspose, shapes2, toBuf } from "./reference.js";

const abs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe.each(DTYPES)("reduce kernels (%s)", (dtype) => {
  it("sum and max over each axis and all, for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 100 + c), r, c, dtype);
      const buf = toBuf(a, dtype, c);
      const cols = refTranspose(a, c);
      expectClose(k.sumAxis0(bufOf(dtype, c), buf, r, c), cols.map(sum), dtype, cols.map(abs));
      expectClose(k.sumAxis1(bufOf(dtype, r), buf, r, c), a.map(sum), dtype, a.map(abs));
      expectClose([k.sumAll(buf, r * c)], [sum(a.flat())], dtype, [abs(a.flat())]);
      expect(Array.from(k.maxAxis0(bufOf(dtype, c), buf, r, c))).toEqual(cols.map((x) => Math.max(...x)));
      expect(Array.from(k.maxAxis1(bufOf(dtype, r), buf, r, c))).toEqual(a.map((x) => Math.max(...x)));
      expect(k.maxAll(buf, r * c)).toBe(Math.max(...a.flat()));
      const firstMax = a.map((row) => row.indexOf(Math.max(...row)));
      expect(Array.from(k.argmaxRows(new Int32Array(r), buf, r, c))).toEqual(firstMax);
    }
  });

  it("argmax takes the first of equal maxima and answers -1 for a row holding NaN; NaN wins every max, as in NumPy", () => {
    const a = toBuf(
      [
        [1, 3, 3],
        [NaN, 5, 1],
        [2, NaN, 9],
      ],
      dtype,
    );
    // A NaN anywhere in a row, first or later, before or after the row's largest number.
    expect(Array.from(k.argmaxRows(new Int32Array(3), a, 3, 3))).toEqual([1, -1, -1]);
    const late = toBuf(
      [
        [9, 1, NaN],
        [0, 0, 0],
      ],
      dtype,
    );
    expect(Array.from(k.argmaxRows(new Int32Array(2), late, 2, 3))).toEqual([-1, 0]);
    expect(Array.from(k.maxAxis1(bufOf(dtype, 3), a, 3, 3))).toEqual([3, NaN, NaN]);
    expect(Array.from(k.maxAxis0(bufOf(dtype, 3), a, 3, 3))).toEqual([NaN, NaN, 9]);
    expect(k.maxAll(a, 9)).toBeNaN();
  });
});

describe("reduce kernels against NumPy", () => {
  it("match A.sum / A.max / A.argmax over both axes", () => {
    const ops = fixture.ops;
    const A = fixtureBuf(ops.A);
    const scale0 = Array(13).fill(7 * 4),
      scale1 = Array(7).fill(13 * 4); // |A| < 4: a loose bound on the terms
    expectClose(k.sumAxis0(bufOf("f64", 13), A, 7, 13), fixtureBuf(ops.sum0), "f64", scale0);
    expectClose(k.sumAxis1(bufOf("f64", 7), A, 7, 13), fixtureBuf(ops.sum1), "f64", scale1);
    expectClose([k.sumAll(A, 91)], [ops.sum], "f64", [91 * 4]);
    expect(Array.from(k.maxAxis0(bufOf("f64", 13), A, 7, 13))).toEqual(Array.from(fixtureBuf(ops.max0)));
    expect(Array.from(k.maxAxis1(bufOf("f64", 7), A, 7, 13))).toEqual(Array.from(fixtureBuf(ops.max1)));
    expect(k.maxAll(A, 91)).toBe(ops.max);
    expect(Array.from(k.argmaxRows(new Int32Array(7), A, 7, 13))).toEqual(ops.argmax);
  });
});
