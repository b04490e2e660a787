// sum, mean, max over each axis and everything, and argmax per row, against plain loops and
// NumPy, both dtypes, every shape over SIZES.
import { describe, expect, it } from "vitest";
import { argmax, max, mean, sum } from "../../src/ops/reduce.js";
import { fromArray, fromTypedArray, vectorFromArray, zeros, zerosVector } from "../../src/ops/create.js";
import { Vector } from "../../src/shape/tensor.js";
import { toColumn } from "../../src/ops/reshape.js";
import fixture from "../fixtures/core/numpy.json";
import { DTYPES, expectClose, fixtureBuf, gen, randomGrid, refTranspose, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const abs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0);

describe.each(DTYPES)("reductions (%s)", (dtype) => {
  it("match plain loops for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 70 + c), r, c, dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      const cols = refTranspose(a, c), all = a.flat();
      const s0 = sum(A, 0), s1 = sum(A, 1);
      expect([s0.size, s0.dtype, s1.size, s1.dtype]).toEqual([c, dtype, r, dtype]);
      expectClose(s0.data, cols.map(total), dtype, cols.map(abs));
      expectClose(s1.data, a.map(total), dtype, a.map(abs));
      expectClose([sum(A)], [total(all)], dtype, [abs(all)]);
      expectClose(mean(A, 0).data, cols.map((x) => total(x) / r), dtype, cols.map((x) => abs(x) / r));
      expectClose(mean(A, 1).data, a.map((x) => total(x) / c), dtype, a.map((x) => abs(x) / c));
      expectClose([mean(A)], [total(all) / all.length], dtype, [abs(all) / all.length]);
      expect(Array.from(max(A, 0).data)).toEqual(cols.map((x) => Math.max(...x)));
      expect(Array.from(max(A, 1).data)).toEqual(a.map((x) => Math.max(...x)));
      expect(max(A)).toBe(Math.max(...all));
      expect(Array.from(argmax(A))).toEqual(a.map((row) => row.indexOf(Math.max(...row))));
    }
  });

  it("reduce vectors to a number and write into `out`", () => {
    const v = vectorFromArray([1, -2, 4], dtype);
    expect([sum(v), mean(v), max(v)]).toEqual([3, 1, 4]);
    const m = fromArray([[1, 2], [3, 4]], dtype);
    const out = zerosVector(2, dtype);
    expect(sum(m, 0, out)).toBe(out);
    expect(out.toArray()).toEqual([4, 6]);
    const outCol = toColumn(zerosVector(2, dtype));
    expect(mean(m, 1, outCol).toArray()).toEqual([1.5, 3.5]);
    expect(max(m, 1, outCol)).toBe(outCol);
    expect(outCol.toArray()).toEqual([2, 4]);
    const idx = new Int32Array(2);
    expect(argmax(m, idx)).toBe(idx);
    expect(Array.from(idx)).toEqual([1, 1]);
  });

  it("follow NumPy at the edges: empty sums, NaN maxima, first of tied maxima", () => {
    expect(sum(zeros(0, 3, dtype))).toBe(0);
    expect(sum(zeros(0, 3, dtype), 0).toArray()).toEqual([0, 0, 0]);
    expect(mean(zeros(0, 3, dtype))).toBeNaN();
    expect(max(zeros(0, 3, dtype), 1).size).toBe(0); // nothing to reduce over no rows
    const m = fromArray([[1, NaN, 3], [5, 5, 1]], dtype);
    expect(max(m, 1).toArray()).toEqual([NaN, 5]);
    expect(Array.from(argmax(m))).toEqual([1, 0]);
  });
});

describe("reductions against NumPy", () => {
  it("match A.sum, A.mean, A.max and A.argmax", () => {
    const o = fixture.ops;
    const A = fromTypedArray(fixtureBuf(o.A), 7, 13);
    const loose = (n: number, terms: number) => Array(n).fill(terms * 4); // |A| < 4 in this fixture
    expectClose(sum(A, 0).data, fixtureBuf(o.sum0), "f64", loose(13, 7));
    expectClose(sum(A, 1).data, fixtureBuf(o.sum1), "f64", loose(7, 13));
    expectClose([sum(A)], [o.sum], "f64", loose(1, 91));
    expectClose(mean(A, 0).data, fixtureBuf(o.mean0), "f64", loose(13, 1));
    expectClose(mean(A, 1).data, fixtureBuf(o.mean1), "f64", loose(7, 1));
    expectClose([mean(A)], [o.mean], "f64", loose(1, 1));
    expect(Array.from(max(A, 0).data)).toEqual(Array.from(fixtureBuf(o.max0)));
    expect(Array.from(max(A, 1).data)).toEqual(Array.from(fixtureBuf(o.max1)));
    expect(max(A)).toBe(o.max);
    expect(Array.from(argmax(A))).toEqual(o.argmax);
  });
});

describe("reduction run-time checks", () => {
  it("name the op, the axis and the shape", () => {
    expectThrows(() => sum(zeros(2, 2), 2 as never), RangeError, "sum: axis must be 0, 1 or omitted, got 2");
    expectShapeError(() => sum(zerosVector(7) as never, 0), "sum: axis 0 needs a matrix, got [7]");
    expectShapeError(() => mean(zerosVector(3) as never, 1), "mean: axis 1 needs a matrix, got [3]");
    expectShapeError(() => max(zerosVector(3) as never, 0), "max: axis 0 needs a matrix, got [3]");
    expectShapeError(() => max(zeros(0, 3)), "max: cannot reduce an empty [0, 3]");
    expectShapeError(() => max(zeros(0, 3), 0), "max: cannot reduce an empty axis 0 of [0, 3]");
    expectShapeError(() => sum(zeros(2, 3), 0, zerosVector(2) as never), "sum: out is [2] but the result is [3]");
    expectShapeError(() => mean(zeros(2, 3), 1, toColumn(zerosVector(3)) as never), "mean: out is [3] (column) but the result is [2] (column)");
    expectShapeError(() => mean(zeros(2, 3), 1, zerosVector(2) as never), "mean: out is [2] but a reduction over axis 1 is a column [2] (column)");
    expectShapeError(() => sum(zeros(2, 3), 0, toColumn(zerosVector(3)) as never), "sum: out is [3] (column) but a reduction over axis 0 is a row vector [3]");
    expectShapeError(() => max(zeros(2, 3), 0, zerosVector(3, "f64") as never), "max: out is f64 but the result is f32");
    expectShapeError(() => argmax(zeros(2, 0)), "argmax: cannot take argmax of rows with no columns [2, 0]");
    expectShapeError(() => argmax(zeros(2, 3), new Int32Array(3)), "argmax: out has 3 elements but a has 2 rows");
    expectThrows(() => sum([1, 2] as never), TypeError, "sum: expected a Matrix, a Vector or a Column");
  });

  it("refuse an `out` that shares the input's memory", () => {
    const m = fromArray([[1, 2], [3, 4]]);
    expectShapeError(() => sum(m, 0, new Vector(m.data.subarray(0, 2), 2) as never), "sum: out must not share memory with an input");
  });
});
