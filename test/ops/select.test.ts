// minimum, maximum, the comparisons and where, against per-element formulas in both dtypes over
// every shape in SIZES, with each broadcast form (row vector, column, scalar), NaN as NumPy has it.
import { describe, expect, it } from "vitest";
import {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  notEqual,
  where,
} from "../../src/ops/select.js";
import {
  fromArray,
  fromTypedArray,
  vectorFromArray,
  vectorFromTypedArray,
  zeros,
  zerosVector,
} from "../../src/ops/create.js";
import { toColumn } from "../../src/ops/reshape.js";
import { DTYPES, flat, gen, randomGrid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

const any = (x: unknown) => x as never;
const nanMin = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y));
const nanMax = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y));
const ops = [
  ["minimum", minimum, nanMin],
  ["maximum", maximum, nanMax],
  ["greater", greater, (x: number, y: number) => +(x > y)],
  ["greaterEqual", greaterEqual, (x: number, y: number) => +(x >= y)],
  ["less", less, (x: number, y: number) => +(x < y)],
  ["lessEqual", lessEqual, (x: number, y: number) => +(x <= y)],
  ["equal", equal, (x: number, y: number) => +(x === y)],
  ["notEqual", notEqual, (x: number, y: number) => +(x !== y)],
] as const;

describe.each(DTYPES)("minimum, maximum, comparisons (%s)", (dtype) => {
  it.each(ops)("%s: equal shapes, row vector, column and scalar, every shape over SIZES", (_, op, f) => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 90 + c);
      const a = randomGrid(g, r, c, dtype),
        b = randomGrid(g, r, c, dtype);
      b[0]![0] = a[0]![0]!; // one tie, so equal/greaterEqual/lessEqual see a true
      const v = randomGrid(g, 1, c, dtype)[0]!,
        u = randomGrid(g, 1, r, dtype)[0]!;
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      expect(Array.from(op(A, fromTypedArray(toBuf(b, dtype, c), r, c)).data)).toEqual(
        flat(a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!)))),
      );
      expect(Array.from(op(A, vectorFromTypedArray(toBuf([v], dtype, c), c)).data)).toEqual(
        flat(a.map((row) => row.map((x, j) => f(x, v[j]!)))),
      );
      expect(Array.from(op(A, toColumn(vectorFromTypedArray(toBuf([u], dtype, r), r))).data)).toEqual(
        flat(a.map((row, i) => row.map((x) => f(x, u[i]!)))),
      );
      expect(Array.from(op(A, 0).data)).toEqual(flat(a.map((row) => row.map((x) => f(x, 0)))));
    }
  });

  it("treat NaN as NumPy does", () => {
    const a = vectorFromArray([NaN, 1, NaN], dtype),
      b = vectorFromArray([0, NaN, NaN], dtype);
    expect(minimum(a, b).toArray()).toEqual([NaN, NaN, NaN]);
    expect(maximum(a, b).toArray()).toEqual([NaN, NaN, NaN]);
    expect(greater(a, b).toArray()).toEqual([0, 0, 0]);
    expect(equal(a, b).toArray()).toEqual([0, 0, 0]);
    expect(notEqual(a, b).toArray()).toEqual([1, 1, 1]);
  });

  it("where selects by a mask, from tensors or numbers", () => {
    const x = fromArray(
      [
        [-1, 2],
        [3, -4],
      ],
      dtype,
    );
    expect(where(greater(x, 0), x, 0).toArray()).toEqual([
      [0, 2],
      [3, 0],
    ]);
    expect(where(less(x, 0), 1, x).toArray()).toEqual([
      [1, 2],
      [3, 1],
    ]);
    const y = fromArray(
      [
        [10, 20],
        [30, 40],
      ],
      dtype,
    );
    expect(where(equal(x, 3), x, y).toArray()).toEqual([
      [10, 20],
      [3, 40],
    ]);
    expect(where(vectorFromArray([NaN, 0], dtype), 1, 2).toArray()).toEqual([1, 2]); // NaN is true
    expect(where(greater(x, 0), x, 0, x)).toBe(x); // in place
    expect(x.toArray()).toEqual([
      [0, 2],
      [3, 0],
    ]);
  });
});

describe("select run-time checks", () => {
  it("name the op and both shapes", () => {
    expectShapeError(() => maximum(zeros(2, 3), any(zeros(3, 2))), "maximum: [2, 3] and [3, 2]: shapes must be equal");
    expectShapeError(
      () => greater(zeros(2, 3), any(zerosVector(2))),
      "greater: [2, 3] and [2]: a row broadcast needs a vector of a.cols (3), got 2",
    );
    expectShapeError(
      () => where(zeros(2, 3), any(zeros(3, 2)), 0),
      "where: mask is [2, 3] but a is [3, 2]: shapes must be equal",
    );
    expectShapeError(
      () => where(zerosVector(3), 0, any(toColumn(zerosVector(3)))),
      "where: mask is [3] but b is [3] (column): shapes must be equal",
    );
    expectShapeError(
      () => where(zeros(1, 1), any(zeros(1, 1, "f64")), 0),
      "where: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectThrows(() => where(any(1), 0, 0), TypeError, "where: mask must be a Matrix, a Vector or a Column");
  });
});
