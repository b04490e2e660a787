// The shared run-time checks: `out` validation, the no-alias rule for products and the in-place
// rule for elementwise ops.
import { describe, expect, it } from "vitest";
import { checkInPlace, outMatrix, outVector, sameDType } from "../../src/ops/check.js";
import { zeros, zerosVector } from "../../src/ops/create.js";
import { Matrix } from "../../src/shape/tensor.js";
import { expectShapeError } from "./expect-error.js";

describe("outMatrix and outVector", () => {
  it("allocate when no `out` is given, else return the checked `out`", () => {
    const m = outMatrix("op", undefined, 2, 3, "f64");
    expect([m.rows, m.cols, m.dtype]).toEqual([2, 3, "f64"]);
    const o = zeros(2, 3);
    expect(outMatrix("op", o, 2, 3, "f32")).toBe(o);
    const v = zerosVector(4);
    expect(outVector("op", v, 4, "f32")).toBe(v);
  });

  it("name the op and the expected result", () => {
    expectShapeError(() => outMatrix("op", zeros(3, 2), 2, 3, "f32"), "op: out is [3, 2] but the result is [2, 3]");
    expectShapeError(() => outMatrix("op", zeros(2, 3), 2, 3, "f64"), "op: out is f32 but the result is f64");
    expectShapeError(() => outMatrix("op", zerosVector(6) as never, 2, 3, "f32"), "op: out must be a Matrix, got [6]");
    expectShapeError(() => outVector("op", zerosVector(3), 4, "f32"), "op: out is [3] but the result is [4]");
    expectShapeError(() => outVector("op", zeros(1, 4) as never, 4, "f32"), "op: out must be a Vector, got [1, 4]");
  });

  it("refuse an `out` overlapping a no-alias input, but not a disjoint part of its buffer", () => {
    const buf = new Float32Array(8);
    const a = buf.subarray(0, 4);
    expectShapeError(
      () => outMatrix("op", new Matrix(buf.subarray(2, 6), 2, 2), 2, 2, "f32", [a]),
      "op: out must not share memory with an input",
    );
    expect(() => outMatrix("op", new Matrix(buf.subarray(4), 2, 2), 2, 2, "f32", [a])).not.toThrow();
  });
});

describe("checkInPlace", () => {
  it("allows out === input and separate memory, refuses a partial overlap", () => {
    const buf = new Float64Array(6);
    const a = buf.subarray(0, 4);
    expect(() => checkInPlace("op", a, [a])).not.toThrow();
    expect(() => checkInPlace("op", buf.subarray(0, 4), [a])).not.toThrow(); // another view of the same memory
    expect(() => checkInPlace("op", new Float64Array(4), [a])).not.toThrow();
    expectShapeError(
      () => checkInPlace("op", buf.subarray(1, 5), [a]),
      "op: out overlaps an input without being it: write in place or into separate memory",
    );
  });
});

describe("sameDType", () => {
  it("suggests astype", () => {
    expectShapeError(
      () => sameDType("op", { dtype: "f64" }, { dtype: "f32" }),
      "op: dtype f64 and f32 do not mix; convert one with astype()",
    );
    expect(() => sameDType("op", { dtype: "f32" }, { dtype: "f32" })).not.toThrow();
  });
});
