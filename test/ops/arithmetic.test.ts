// add, sub, mul, div against per-element formulas for equal shapes, scalars and the row
// broadcast, over every shape built from SIZES in both dtypes; in place allowed (and right),
// partial overlaps and other broadcasts refused with exact messages.
import { describe, expect, it } from "vitest";
import { add, sub, mul, div, rsub, rdiv, neg } from "../../src/ops/arithmetic.js";
import {
  fromArray,
  fromTypedArray,
  vectorFromArray,
  vectorFromTypedArray,
  zeros,
  zerosVector,
} from "../../src/ops/create.js";
import { Column, Matrix, Vector } from "../../src/shape/tensor.js";
import { toColumn } from "../../src/ops/reshape.js";
import { max, sum } from "../../src/ops/reduce.js";
import type { DType } from "../../src/shape/dtype.js";
import { DTYPES, expectClose, flat, gen, randomGrid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

const ops = [
  ["add", add, (x: number, y: number) => x + y],
  ["sub", sub, (x: number, y: number) => x - y],
  ["mul", mul, (x: number, y: number) => x * y],
  ["div", div, (x: number, y: number) => x / y],
] as const;

const M = (g: number[][], r: number, c: number, dtype: DType) =>
  fromTypedArray(toBuf(g, dtype, c), r, c) as Matrix<number, number, DType>;
const away = (dtype: DType) => (x: number) => (dtype === "f32" ? Math.fround : Number)(Math.abs(x) + 0.5); // no division by ~0

describe.each(DTYPES)("elementwise ops (%s)", (dtype) => {
  it.each(ops)("%s: equal shapes, a scalar, and the row broadcast, for every shape over SIZES", (_, op, f) => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 64 + c);
      const a = randomGrid(g, r, c, dtype),
        b = randomGrid(g, r, c, dtype).map((row) => row.map(away(dtype)));
      const v = randomGrid(g, 1, c, dtype)[0]!.map(away(dtype));
      const A = M(a, r, c, dtype);
      const same = op(A, M(b, r, c, dtype));
      expect([same.rows, same.cols, same.dtype]).toEqual([r, c, dtype]);
      expectClose(same.data, flat(a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!)))), dtype);
      expectClose(op(A, 0.75).data, flat(a.map((row) => row.map((x) => f(x, 0.75)))), dtype);
      const bias = vectorFromTypedArray(toBuf([v], dtype, c), c);
      expectClose(op(A, bias).data, flat(a.map((row) => row.map((x, j) => f(x, v[j]!)))), dtype);
      // The column broadcast: one value per row, read across that row.
      const u = randomGrid(g, 1, r, dtype)[0]!.map(away(dtype));
      const perRow = toColumn(vectorFromTypedArray(toBuf([u], dtype, r), r));
      const byRow = op(A, perRow);
      expect([byRow.rows, byRow.cols]).toEqual([r, c]);
      expectClose(byRow.data, flat(a.map((row, i) => row.map((x) => f(x, u[i]!)))), dtype);
    }
  });

  it.each(ops)("%s on a square matrix: a row vector broadcasts over rows, a column across columns", (_, op, f) => {
    const a = [
        [1, 2],
        [3, 4],
      ],
      v = [10, 20];
    const A = fromArray(a, dtype);
    expectClose(op(A, vectorFromArray(v, dtype)).data, flat(a.map((row) => row.map((x, j) => f(x, v[j]!)))), dtype);
    expectClose(
      op(A, toColumn(vectorFromArray(v, dtype))).data,
      flat(a.map((row, i) => row.map((x) => f(x, v[i]!)))),
      dtype,
    );
  });

  it("normalises rows with div(P, sum(P, 1)) and subtracts row maxima with sub(P, max(P, 1))", () => {
    const P = fromArray(
      [
        [1, 3],
        [2, 2],
      ],
      dtype,
    );
    expect(div(P, sum(P, 1)).toArray()).toEqual([
      [0.25, 0.75],
      [0.5, 0.5],
    ]);
    expect(div(P, sum(P, 0)).toArray()).toEqual(
      [
        [1 / 3, 0.6],
        [2 / 3, 0.4],
      ].map((r) => r.map(dtype === "f32" ? Math.fround : Number)),
    );
    expect(sub(P, max(P, 1)).toArray()).toEqual([
      [-2, 0],
      [0, 0],
    ]);
  });

  it("columns combine with columns of their size", () => {
    const c = toColumn(vectorFromArray([1, 2, 3], dtype));
    const r = add(c, c);
    expect(r).toBeInstanceOf(Column);
    expect(r.toArray()).toEqual([2, 4, 6]);
    expect(mul(c, 2, c)).toBe(c);
  });

  it.each(ops)("%s on vectors", (_, op, f) => {
    const x = [1.5, -2, 3],
      y = [0.5, 4, -8];
    const r = op(vectorFromArray(x, dtype), vectorFromArray(y, dtype));
    expect(r).toBeInstanceOf(Vector);
    expectClose(
      r.data,
      x.map((v, i) => f(v, y[i]!)),
      dtype,
    );
  });

  it.each(ops)("%s in place: out === a and out === b give the right result", (_, op, f) => {
    const a = randomGrid(gen(1), 7, 13, dtype),
      b = randomGrid(gen(2), 7, 13, dtype).map((row) => row.map(away(dtype)));
    const expected = flat(a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!))));
    const A = M(a, 7, 13, dtype),
      B = M(b, 7, 13, dtype);
    expect(op(A, B, A)).toBe(A);
    expectClose(A.data, expected, dtype);
    const A2 = M(a, 7, 13, dtype),
      B2 = M(b, 7, 13, dtype);
    expect(op(A2, B2, B2)).toBe(B2);
    expectClose(B2.data, expected, dtype);
    const A3 = M(a, 7, 13, dtype);
    expect(op(A3, 2, A3)).toBe(A3);
    expectClose(A3.data, flat(a.map((row) => row.map((x) => f(x, 2)))), dtype);
    const v = vectorFromArray(b[0]!, dtype),
      A4 = M(a, 7, 13, dtype);
    expect(op(A4, v, A4)).toBe(A4); // the bias add in place
    expectClose(A4.data, flat(a.map((row) => row.map((x, j) => f(x, b[0]![j]!)))), dtype);
  });

  it("rsub, rdiv and neg, in place too", () => {
    const a = fromArray(
      [
        [1, 2],
        [4, -8],
      ],
      dtype,
    );
    expect(rsub(1, a).toArray()).toEqual([
      [0, -1],
      [-3, 9],
    ]);
    expect(rdiv(1, a).toArray()).toEqual([
      [1, 0.5],
      [0.25, -0.125],
    ]);
    expect(neg(a).toArray()).toEqual([
      [-1, -2],
      [-4, 8],
    ]);
    expect(neg(a, a)).toBe(a);
    expect(a.toArray()).toEqual([
      [-1, -2],
      [-4, 8],
    ]);
    expect(rsub(0, vectorFromArray([1, 2], dtype)).toArray()).toEqual([-1, -2]);
  });
});

describe("elementwise run-time checks", () => {
  const any = <T>(x: T) => x as never;
  it("names both shapes when they differ", () => {
    expectShapeError(() => add(zeros(2, 3), any(zeros(3, 2))), "add: [2, 3] + [3, 2]: shapes must be equal");
    expectShapeError(() => sub(zeros(2, 3), any(zeros(2, 4))), "sub: [2, 3] - [2, 4]: shapes must be equal");
    expectShapeError(() => mul(zerosVector(3), any(zerosVector(4))), "mul: [3] * [4]: shapes must be equal");
    expectShapeError(() => div(zerosVector(3), any(zeros(1, 3))), "div: [3] / [1, 3]: shapes must be equal");
  });

  it("refuses a bias of the wrong length, and every broadcast but the row one", () => {
    expectShapeError(
      () => add(zeros(100, 50), any(zerosVector(10))),
      "add: [100, 50] + [10]: a row broadcast needs a vector of a.cols (50), got 10",
    );
    // NumPy's silent (B,) + (B, 1) -> (B, B): refused, a column is not a row.
    expectShapeError(
      () => add(zeros(5, 1), any(zerosVector(5))),
      "add: [5, 1] + [5]: a row broadcast needs a vector of a.cols (1), got 5",
    );
    expectShapeError(() => add(zerosVector(5), any(zeros(5, 1))), "add: [5] + [5, 1]: shapes must be equal");
    // A column broadcast needs one value per row; a column never stands in for a row vector.
    expectShapeError(
      () => add(zeros(100, 50), any(toColumn(zerosVector(50)))),
      "add: [100, 50] + [50] (column): a column broadcast needs a column of a.rows (100), got 50",
    );
    expectShapeError(
      () => add(zerosVector(5), any(toColumn(zerosVector(5)))),
      "add: [5] + [5] (column): shapes must be equal",
    );
    expectShapeError(
      () => sub(toColumn(zerosVector(5)), any(zerosVector(5))),
      "sub: [5] (column) - [5]: shapes must be equal",
    );
  });

  it("refuses mixed dtypes, a wrong `out` and a non-tensor b", () => {
    expectShapeError(
      () => add(zeros(2, 2), any(zeros(2, 2, "f64"))),
      "add: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectShapeError(
      () => add(zeros(2, 2), any(zerosVector(2, "f64"))),
      "add: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectShapeError(() => add(zeros(2, 3), 1, any(zeros(3, 2))), "add: out is [3, 2] but the result is [2, 3]");
    expectShapeError(() => add(zeros(2, 3), 1, any(zeros(2, 3, "f64"))), "add: out is f64 but the result is f32");
    expectShapeError(() => add(zerosVector(3), 1, any(zeros(1, 3))), "add: out must be a Vector, got [1, 3]");
    expectThrows(
      () => add(zeros(1, 1), any("1")),
      TypeError,
      "add: b must be a Matrix, a Vector, a Column or a number",
    );
    expectThrows(() => add(any([1]), 1), TypeError, "add: a must be a Matrix, a Vector or a Column");
  });

  it("refuses an `out` that partly overlaps an input, or shares the broadcast vector's memory", () => {
    const buf = new Float32Array(5).fill(1);
    const a = new Matrix(buf.subarray(0, 4), 2, 2),
      shifted = new Matrix(buf.subarray(1, 5), 2, 2);
    expectShapeError(
      () => add(a, a, shifted),
      "add: out overlaps an input without being it: write in place or into separate memory",
    );
    expectShapeError(
      () => neg(a, shifted),
      "neg: out overlaps an input without being it: write in place or into separate memory",
    );
    const both = new Float32Array(6);
    const m = new Matrix(both.subarray(0, 4), 2, 2),
      v = new Vector(both.subarray(4), 2);
    expectShapeError(() => add(m, v, m), "add: out must not share memory with the broadcast vector");
  });
});
