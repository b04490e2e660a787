import { describe, expect, it } from "vitest";
import { axpy, fromArray, Matrix, ones, vectorFromArray, zeros } from "../../src/index.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

describe("axpy", () => {
  it("adds alpha·x into y in place and returns y, for matrices and vectors", () => {
    const y = fromArray(
      [
        [1, 2],
        [3, 4],
      ],
      "f64",
    );
    expect(
      axpy(
        y,
        -0.5,
        fromArray(
          [
            [2, 2],
            [2, 6],
          ],
          "f64",
        ),
      ),
    ).toBe(y);
    expect(y.toArray()).toEqual([
      [0, 1],
      [2, 1],
    ]);
    const v = vectorFromArray([1, 1]);
    axpy(v, 2, v); // x may be y itself
    expect(Array.from(v.data)).toEqual([3, 3]);
  });
  it("rounds once per element in float32 (the product is not rounded before the sum)", () => {
    const y = fromArray([[1]]),
      x = fromArray([[0.1]]);
    axpy(y, 0.1, x);
    expect(y.data[0]).toBe(Math.fround(1 + 0.1 * Math.fround(0.1)));
  });
  it("refuses another shape, dtype or an overlapping x", () => {
    expectShapeError(
      () => axpy(zeros(2, 3), 1, zeros(3, 2) as never),
      "axpy: [2, 3] += alpha · [3, 2]: shapes must be equal",
    );
    expectShapeError(
      () => axpy(zeros(2, 3), 1, zeros(2, 3, "f64") as never),
      "axpy: dtype f32 and f64 do not mix; convert one with astype()",
    );
    const m = ones(2, 2);
    const shifted = new Matrix(m.data.subarray(1, 3), 1, 2) as never;
    expectShapeError(
      () => axpy(new Matrix(m.data.subarray(0, 2), 1, 2), 1, shifted),
      "axpy: x overlaps y without being it",
    );
    expectThrows(() => axpy([1] as never, 1, zeros(1, 1) as never), TypeError, "axpy: y must be a Matrix or a Vector");
  });
});
