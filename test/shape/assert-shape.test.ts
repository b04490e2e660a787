// The narrowing assertions check at run time and throw with both shapes.
import { describe, expect, it } from "vitest";
import { assertDType, assertShape, assertSize } from "../../src/shape/assert-shape.js";
import { zeros, zerosVector } from "../../src/ops/create.js";
import type { Matrix, Vector } from "../../src/shape/tensor.js";
import type { DType } from "../../src/shape/dtype.js";
import { expectShapeError, expectThrows } from "../ops/expect-error.js";

describe("assertShape, assertSize, assertDType", () => {
  it("pass on a match", () => {
    const m: Matrix<number, number> = zeros(100, 784);
    expect(() => assertShape(m, 100, 784)).not.toThrow();
    const v: Vector<number> = zerosVector(50);
    expect(() => assertSize(v, 50)).not.toThrow();
    const d: Matrix<2, 2, DType> = zeros(2, 2, "f64");
    expect(() => assertDType(d, "f64")).not.toThrow();
  });

  it("throw ShapeError naming what was expected and what came", () => {
    expectShapeError(
      () => assertShape(zeros(2, 3) as Matrix<number, number>, 3, 2),
      "assertShape: expected [3, 2], got [2, 3]",
    );
    expectShapeError(() => assertSize(zerosVector(2) as Vector<number>, 3), "assertSize: expected [3], got [2]");
    expectShapeError(
      () => assertDType(zeros(2, 2) as Matrix<2, 2, DType>, "f64"),
      "assertDType: expected f64, got f32",
    );
    expectThrows(() => assertShape(zerosVector(6) as never, 2, 3), TypeError, "assertShape: expected a Matrix");
    expectThrows(() => assertSize(zeros(1, 6) as never, 6), TypeError, "assertSize: expected a Vector");
  });
});
