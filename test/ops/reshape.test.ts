// reshape, flatten, asRow and asColumn share data and check sizes at run time.
import { describe, expect, it } from "vitest";
import { asColumn, asRow, flatten, reshape } from "../../src/ops/reshape.js";
import { fromArray, vectorFromArray, zerosVector } from "../../src/ops/create.js";
import { DTYPES } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

describe.each(DTYPES)("reshape family (%s)", (dtype) => {
  it("views a vector as a matrix and back without copying", () => {
    const v = vectorFromArray([1, 2, 3, 4, 5, 6], dtype);
    const m = reshape(v, 2, 3);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.data).toBe(v.data);
    expect(m.dtype).toBe(dtype);
    expect(reshape(m, 3, 2).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const f = flatten(m);
    expect([f.size, f.data]).toEqual([6, v.data]);
    expect(asRow(v).toArray()).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(asColumn(v).toArray()).toEqual([[1], [2], [3], [4], [5], [6]]);
    expect(reshape(zerosVector(0, dtype), 0, 5).cols).toBe(5);
  });
});

describe("reshape run-time checks", () => {
  it("refuse a size that does not match, and bad sizes", () => {
    expectShapeError(
      () => reshape(zerosVector(784), 28, 27),
      "reshape: cannot view [784] (784 elements) as [28, 27] (756)",
    );
    expectShapeError(
      () => reshape(fromArray([[1, 2]]), 2, 2),
      "reshape: cannot view [1, 2] (2 elements) as [2, 2] (4)",
    );
    expectThrows(() => reshape(zerosVector(4), -2, -2), RangeError, "reshape: rows must not be negative, got -2");
    expectThrows(() => reshape(zerosVector(4), 8, 0.5), RangeError, "reshape: cols must be a whole number, got 0.5");
    expectThrows(() => reshape(zerosVector(4), NaN, 4), RangeError, "reshape: rows must be a whole number, got NaN");
    expectThrows(() => reshape([1] as never, 1, 1), TypeError, "reshape: expected a Matrix or a Vector");
    expectThrows(() => flatten(zerosVector(2) as never), TypeError, "flatten: expected a Matrix");
    expectThrows(() => asRow(fromArray([[1]]) as never), TypeError, "asRow: expected a Vector");
    expectThrows(() => asColumn(fromArray([[1]]) as never), TypeError, "asColumn: expected a Vector");
  });
});
