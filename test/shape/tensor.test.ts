// Matrix, Vector and Transposed: dims as real fields, storage checked at construction (every
// bad size and length has its own message), bounds-checked access, the lazy transpose view.
import { describe, expect, it } from "vitest";
import { Column, Matrix, Transposed, Vector } from "../../src/shape/tensor.js";
import { ShapeError } from "../../src/shape/shape-error.js";
import { expectShapeError, expectThrows } from "../ops/expect-error.js";

describe("Matrix", () => {
  it("wraps its data without copying, dtype from the array", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const m = new Matrix<2, 3, "f64">(data, 2, 3);
    expect([m.kind, m.rows, m.cols, m.dtype, m.data]).toEqual(["matrix", 2, 3, "f64", data]);
    expect(m.data).toBe(data);
    expect(new Matrix(new Float32Array(0), 0, 7).dtype).toBe("f32");
    expect(m.get(1, 2)).toBe(6);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("gives a lazy transposed view that shares the data", () => {
    const m = new Matrix(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3);
    const t = m.T;
    expect(t).toBeInstanceOf(Transposed);
    expect([t.kind, t.rows, t.cols, t.dtype]).toEqual(["transposed", 3, 2, "f32"]);
    expect(t.base).toBe(m);
    expect(t.T).toBe(m);
  });

  it("refuses bad sizes and storage, each with its own message", () => {
    expectThrows(
      () => new Matrix(new Float32Array(6), -2, -3),
      RangeError,
      "Matrix: rows must not be negative, got -2",
    );
    expectThrows(() => new Matrix(new Float32Array(6), 2, -3), RangeError, "Matrix: cols must not be negative, got -3");
    expectThrows(
      () => new Matrix(new Float32Array(6), 1.5, 4),
      RangeError,
      "Matrix: rows must be a whole number, got 1.5",
    );
    expectThrows(
      () => new Matrix(new Float32Array(6), NaN, 4),
      RangeError,
      "Matrix: rows must be a whole number, got NaN",
    );
    expectThrows(
      () => new Matrix(new Float32Array(6), 2, Infinity),
      RangeError,
      "Matrix: cols must be finite, got Infinity",
    );
    expectShapeError(
      () => new Matrix(new Float32Array(5), 2, 3),
      "Matrix: data has 5 elements but shape [2, 3] needs 6",
    );
    expectThrows(
      () => new Matrix([1, 2] as never, 1, 2),
      TypeError,
      "Matrix: data must be a Float32Array or Float64Array",
    );
    expectThrows(
      () => new Matrix(new Int32Array(2) as never, 1, 2),
      TypeError,
      "Matrix: data must be a Float32Array or Float64Array",
    );
  });

  it("bounds-checks get", () => {
    const m = new Matrix(new Float32Array(6), 2, 3);
    expectThrows(() => m.get(2, 0), RangeError, "get: index (2, 0) is outside [2, 3]");
    expectThrows(() => m.get(0, -1), RangeError, "get: index (0, -1) is outside [2, 3]");
    expectThrows(() => m.get(0.5, 0), RangeError, "get: index (0.5, 0) is outside [2, 3]");
    expectThrows(() => m.get(NaN, 0), RangeError, "get: index (NaN, 0) is outside [2, 3]");
  });
});

describe("Vector", () => {
  it("wraps its data and checks it", () => {
    const v = new Vector(new Float32Array([1, 2, 3]), 3);
    expect([v.kind, v.size, v.dtype, v.toArray(), v.get(2)]).toEqual(["vector", 3, "f32", [1, 2, 3], 3]);
    expectShapeError(() => new Vector(new Float32Array(5), 6), "Vector: data has 5 elements but shape [6] needs 6");
    expectThrows(() => new Vector(new Float32Array(1), -1), RangeError, "Vector: size must not be negative, got -1");
    expectThrows(() => v.get(3), RangeError, "get: index 3 is outside [3]");
    expect(() => new Vector(new Float32Array(5), 6)).toThrow(ShapeError);
  });
});

describe("Column", () => {
  it("wraps its data without copying, reads and writes bounds-checked, prints as an N×1 matrix", () => {
    const data = new Float32Array([1, 2, 3]);
    const c = new Column(data, 3);
    expect([c.kind, c.size, c.dtype]).toEqual(["column", 3, "f32"]);
    expect(c.data).toBe(data);
    expect(c.get(2)).toBe(3);
    expect(c.set(0, 5)).toBe(c);
    expect(c.toArray()).toEqual([5, 2, 3]);
    expect(String(c)).toBe("column([[5.],\n        [2.],\n        [3.]], shape=[3, 1], dtype=float32)");
    expectThrows(() => c.get(3), RangeError, "get: index 3 is outside [3]");
    expectThrows(() => c.set(-1, 0), RangeError, "set: index -1 is outside [3]");
    expectThrows(() => c.set(0, "1" as never), TypeError, "set: value must be a number, got string");
  });

  it("refuses bad sizes and storage", () => {
    expectThrows(() => new Column(new Float32Array(2), -1), RangeError, "Column: size must not be negative, got -1");
    expectShapeError(() => new Column(new Float32Array(2), 3), "Column: data has 2 elements but shape [3, 1] needs 3");
    expectThrows(() => new Column([1] as never, 1), TypeError, "Column: data must be a Float32Array or Float64Array");
  });
});

// The exported Matrix, Vector and Column are constructors typed by interfaces over classes of other
// names (src/shape/tensor.ts says why): at run time they must still be the classes, by name too.
describe("the constructors behind the exported names", () => {
  const made = [
    ["Matrix", Matrix, new Matrix(new Float64Array(6), 2, 3)],
    ["Vector", Vector, new Vector(new Float64Array(3), 3)],
    ["Column", Column, new Column(new Float64Array(3), 3)],
  ] as const;

  it.each(made)("%s: instanceof, the dtype of a Float64Array, and the public name", (name, ctor, t) => {
    expect(t).toBeInstanceOf(ctor);
    expect(t.dtype).toBe("f64");
    expect(ctor.name).toBe(name);
    expect(t.constructor).toBe(ctor);
    expect(Object.getPrototypeOf(t)).toBe(ctor.prototype);
    for (const [, other] of made) if (other !== ctor) expect(t).not.toBeInstanceOf(other);
  });

  it("stack traces name the public constructor", () => {
    let stack = "";
    try {
      new Matrix(new Float32Array(5), 2, 3);
    } catch (e) {
      stack = (e as Error).stack ?? "";
    }
    expect(stack).toMatch(/at new Matrix\b/);
  });
});
