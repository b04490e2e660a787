// sum, mean, max over each axis and everything, and argmax per row, against plain loops and
// NumPy, both dtypes, every shape over SIZES.
import { describe, expect, it } from "vitest";
import { argmax, argmin, logSumExp, max, mean, min, std, sum, variance } from "../../src/ops/reduce.js";
import { fromArray, fromTypedArray, vectorFromArray, zeros, zerosVector } from "../../src/ops/create.js";
import { Vector } from "../../src/shape/tensor.js";
import { toColumn } from "../../src/ops/reshape.js";
import fixture from "../fixtures/core/numpy.json";
import {
  DTYPES,
  expectClose,
  fixtureBuf,
  gen,
  randomGrid,
  refTranspose,
  shapes2,
  toBuf,
} from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";
import { logSumExpBackward, maxBackward, minBackward, stdBackward, varianceBackward } from "../../src/ops/reduce.js";
import { ones, onesVector } from "../../src/ops/create.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randMatrix } from "./backward-oracle.js";

const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const abs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0);

describe.each(DTYPES)("reductions (%s)", (dtype) => {
  it("match plain loops for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 70 + c), r, c, dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      const cols = refTranspose(a, c),
        all = a.flat();
      const s0 = sum(A, 0),
        s1 = sum(A, 1);
      expect([s0.size, s0.dtype, s1.size, s1.dtype]).toEqual([c, dtype, r, dtype]);
      expectClose(s0.data, cols.map(total), dtype, cols.map(abs));
      expectClose(s1.data, a.map(total), dtype, a.map(abs));
      expectClose([sum(A)], [total(all)], dtype, [abs(all)]);
      expectClose(
        mean(A, 0).data,
        cols.map((x) => total(x) / r),
        dtype,
        cols.map((x) => abs(x) / r),
      );
      expectClose(
        mean(A, 1).data,
        a.map((x) => total(x) / c),
        dtype,
        a.map((x) => abs(x) / c),
      );
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
    const m = fromArray(
      [
        [1, 2],
        [3, 4],
      ],
      dtype,
    );
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
    const m = fromArray(
      [
        [1, NaN, 3],
        [5, 5, 1],
      ],
      dtype,
    );
    expect(max(m, 1).toArray()).toEqual([NaN, 5]);
    // Unlike NumPy (which answers the NaN's index), a NaN row has no argmax: -1, never a class.
    expect(Array.from(argmax(m))).toEqual([-1, 0]);
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
    expectShapeError(
      () => mean(zeros(2, 3), 1, toColumn(zerosVector(3)) as never),
      "mean: out is [3] (column) but the result is [2] (column)",
    );
    expectShapeError(
      () => mean(zeros(2, 3), 1, zerosVector(2) as never),
      "mean: out is [2] but a reduction over axis 1 is a column [2] (column)",
    );
    expectShapeError(
      () => sum(zeros(2, 3), 0, toColumn(zerosVector(3)) as never),
      "sum: out is [3] (column) but a reduction over axis 0 is a row vector [3]",
    );
    expectShapeError(
      () => max(zeros(2, 3), 0, zerosVector(3, "f64") as never),
      "max: out is f64 but the result is f32",
    );
    expectShapeError(() => argmax(zeros(2, 0)), "argmax: cannot take argmax of rows with no columns [2, 0]");
    expectShapeError(() => argmax(zeros(2, 3), new Int32Array(3)), "argmax: out has 3 elements but a has 2 rows");
    expectThrows(() => sum([1, 2] as never), TypeError, "sum: expected a Matrix, a Vector or a Column");
  });

  it("refuse an `out` that shares the input's memory", () => {
    const m = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expectShapeError(
      () => sum(m, 0, new Vector(m.data.subarray(0, 2), 2) as never),
      "sum: out must not share memory with an input",
    );
  });
});

// Naive references in float64, straight from the definitions.
const refVar = (xs: number[], ddof = 0) => {
  const m = total(xs) / xs.length;
  return total(xs.map((x) => (x - m) ** 2)) / (xs.length - ddof);
};
const refLse = (xs: number[]) => Math.log(total(xs.map(Math.exp)));

describe.each(DTYPES)("min, argmin, variance, std, logSumExp (%s)", (dtype) => {
  it("match the naive references for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 71 + c), r, c, dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      const cols = refTranspose(a, c),
        all = a.flat();
      expect(Array.from(min(A, 0).data)).toEqual(cols.map((x) => Math.min(...x)));
      expect(min(A, 1).toArray()).toEqual(a.map((x) => Math.min(...x)));
      expect(min(A)).toBe(Math.min(...all));
      expect(Array.from(argmin(A))).toEqual(a.map((row) => row.indexOf(Math.min(...row))));
      // Variance of values with |x| < ~4: a relative bound on the mean square keeps f32 honest.
      const sq = (xs: number[]) => total(xs.map((x) => x * x)) / xs.length + 1;
      if (r > 1)
        expectClose(
          variance(A, 0, { ddof: 1 }).data,
          cols.map((x) => refVar(x, 1)),
          dtype,
          cols.map((x) => 4 * sq(x)),
        );
      expectClose(
        variance(A, 1).data,
        a.map((x) => refVar(x)),
        dtype,
        a.map((x) => 4 * sq(x)),
      );
      expectClose([variance(A)], [refVar(all)], dtype, [4 * sq(all)]);
      expectClose(
        std(A, 0).data,
        cols.map((x) => Math.sqrt(refVar(x))),
        dtype,
        cols.map((x) => 4 * Math.sqrt(sq(x))),
      );
      expectClose(
        std(A, 1).data,
        a.map((x) => Math.sqrt(refVar(x))),
        dtype,
        a.map((x) => 4 * Math.sqrt(sq(x))),
      );
      expectClose([std(A)], [Math.sqrt(refVar(all))], dtype, [4 * Math.sqrt(sq(all))]);
      expectClose(
        logSumExp(A, 0).data,
        cols.map(refLse),
        dtype,
        cols.map((x) => Math.max(...x.map(Math.abs)) + 1),
      );
      expectClose(
        logSumExp(A, 1).data,
        a.map(refLse),
        dtype,
        a.map((x) => Math.max(...x.map(Math.abs)) + 1),
      );
      expectClose([logSumExp(A)], [refLse(all)], dtype, [Math.max(...all.map(Math.abs)) + 1]);
    }
  });

  it("follow NumPy at the edges: NaN, ties, infinities, huge logits", () => {
    const m = fromArray(
      [
        [1, NaN, 3],
        [5, 1, 1],
      ],
      dtype,
    );
    expect(min(m, 1).toArray()).toEqual([NaN, 1]);
    expect(Array.from(argmin(m))).toEqual([1, 1]);
    expect(
      logSumExp(
        fromArray(
          [
            [1e4, 1e4],
            [-Infinity, -Infinity],
          ],
          dtype,
        ),
        1,
      ).toArray(),
    ).toEqual([(dtype === "f32" ? Math.fround : Number)(1e4 + Math.log(2)), -Infinity]);
    expect(logSumExp(vectorFromArray([Infinity, 0], dtype))).toBe(Infinity);
    expect(variance(vectorFromArray([2, 4, 4, 4, 5, 5, 7, 9], dtype))).toBe(4);
    expect(std(vectorFromArray([2, 4, 4, 4, 5, 5, 7, 9], dtype), undefined, { ddof: 1 })).toBeCloseTo(
      Math.sqrt(32 / 7),
      6,
    );
    const out = toColumn(zerosVector(2, dtype));
    expect(
      variance(
        fromArray(
          [
            [1, 3],
            [5, 9],
          ],
          dtype,
        ),
        1,
        { out },
      ),
    ).toBe(out);
    expect(out.toArray()).toEqual([1, 4]);
  });
});

describe("min, argmin, variance, std, logSumExp run-time checks", () => {
  it("name the op, the axis and the shape", () => {
    expectShapeError(() => min(zeros(0, 3)), "min: cannot reduce an empty [0, 3]");
    expectShapeError(
      () => min(zeros(2, 3), 1, zerosVector(2) as never),
      "min: out is [2] but a reduction over axis 1 is a column [2] (column)",
    );
    expectShapeError(() => argmin(zeros(2, 0)), "argmin: cannot take argmin of rows with no columns [2, 0]");
    expectShapeError(() => argmin(zeros(2, 3), new Int32Array(3)), "argmin: out has 3 elements but a has 2 rows");
    expectShapeError(
      () => variance(zeros(1, 3), 0, { ddof: 1 }),
      "variance: each column of [1, 3] has 1 values, too few for ddof 1",
    );
    expectShapeError(() => std(zerosVector(0)), "std: [0] has 0 values, too few for ddof 0");
    expectThrows(
      () => variance(zeros(2, 2), 0, { ddof: -1 }),
      RangeError,
      "variance: ddof must be a whole number >= 0, got -1",
    );
    expectShapeError(() => logSumExp(zerosVector(3) as never, 1), "logSumExp: axis 1 needs a matrix, got [3]");
    expectThrows(
      () => logSumExp(zeros(2, 2), 3 as never),
      RangeError,
      "logSumExp: axis must be 0, 1 or omitted, got 3",
    );
  });
});

describe("min, max, logSumExp, variance and std backward against finite differences (f64) and f64 (f32)", () => {
  const g = rng(47);
  const A = randMatrix(g, 4, 5);
  const axes = [0, 1, undefined] as const;
  it.each(axes)("minBackward and maxBackward, axis %s", (axis) => {
    checkBackward(
      [A],
      [0],
      ([a]) => min(a!, axis as never),
      (G, [a]) => [minBackward(G, a!, axis)],
    );
    checkBackward(
      [A],
      [0],
      ([a]) => max(a!, axis as never),
      (G, [a]) => [maxBackward(G, a!, axis)],
    );
  });
  it.each(axes)("logSumExpBackward, axis %s (reading the output)", (axis) => {
    checkBackward(
      [A],
      [0],
      ([a]) => logSumExp(a!, axis as never),
      (G, [a]) => [logSumExpBackward(G, a!, logSumExp(a!, axis as never), axis)],
    );
  });
  it.each([
    [0, 0],
    [1, 0],
    [undefined, 0],
    [0, 1],
    [1, 1],
    [undefined, 1],
  ] as const)("varianceBackward and stdBackward, axis %s, ddof %s", (axis, ddof) => {
    checkBackward(
      [A],
      [0],
      ([a]) => variance(a!, axis as never, { ddof }),
      (G, [a]) => [varianceBackward(G, a!, axis, ddof)],
    );
    checkBackward(
      [A],
      [0],
      ([a]) => std(a!, axis as never, { ddof }),
      (G, [a]) => [stdBackward(G, a!, std(a!, axis as never, { ddof }), axis, ddof)],
    );
  });
  it("ties: min and max give dOut to the first extreme element of each run; std 0 gives 0", () => {
    const t = fromArray(
      [
        [2, 1, 1],
        [3, 3, 0],
      ],
      "f64",
    );
    expect(minBackward(onesVector(3, "f64"), t, 0).toArray()).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(minBackward(toColumn(onesVector(2, "f64")), t, 1).toArray()).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(maxBackward(toColumn(onesVector(2, "f64")), t, 1).toArray()).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    expect(minBackward(5, fromArray([[1, 0, 0]], "f64")).toArray()).toEqual([[0, 5, 0]]);
    const flat2 = fromArray(
      [
        [2, 2, 2],
        [1, 2, 3],
      ],
      "f64",
    );
    const s = std(flat2, 1);
    expect(stdBackward(toColumn(onesVector(2, "f64")), flat2, s, 1).toArray()[0]).toEqual([0, 0, 0]);
    expect(varianceBackward(1, fromArray([[1, 3]], "f64")).toArray()).toEqual([[-1, 1]]);
  });
  it("check dOut and the output against the reduction", () => {
    expectShapeError(
      () => minBackward(onesVector(3), ones(2, 4), 0),
      "minBackward: dOut must be a f32 vector of a.cols (4) for axis 0, got [3]",
    );
    expectShapeError(
      () => logSumExpBackward(onesVector(2), ones(2, 4), onesVector(3), 1),
      "logSumExpBackward: y must be a f32 vector of a.rows (2) for axis 1, got [3]",
    );
    expect(() => varianceBackward(onesVector(4), ones(2, 4))).toThrow(
      "varianceBackward: dOut of a reduction of everything is a number",
    );
    expectShapeError(
      () => varianceBackward(1, ones(1, 1), undefined, 1),
      "varianceBackward: a run of [1, 1] has 1 values, too few for ddof 1",
    );
  });
});
