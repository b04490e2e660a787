// Creation ops: values, dims, dtypes, the allocation count, and a clear error for every bad
// size (negative, fractional, NaN, infinite, not a number), data length and dtype.
import { describe, expect, it } from "vitest";
import {
  zeros,
  zerosVector,
  ones,
  onesVector,
  full,
  fullVector,
  eye,
  fromArray,
  vectorFromArray,
  fromTypedArray,
  vectorFromTypedArray,
  randn,
  uniform,
} from "../../src/ops/create.js";
import { rng } from "../../src/random/rng.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { Matrix, Vector } from "../../src/shape/tensor.js";
import { DTYPES } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

describe.each(DTYPES)("creation (%s)", (dtype) => {
  const Arr = dtype === "f64" ? Float64Array : Float32Array;
  it("fills, with the asked dtype and dims", () => {
    const z = zeros(2, 3, dtype);
    expect(z).toBeInstanceOf(Matrix);
    expect([z.rows, z.cols, z.dtype, z.data.constructor]).toEqual([2, 3, dtype, Arr]);
    expect(z.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones(1, 2, dtype).toArray()).toEqual([[1, 1]]);
    expect(full(2, 1, -2.5, dtype).toArray()).toEqual([[-2.5], [-2.5]]);
    expect(eye(3, dtype).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const v = zerosVector(3, dtype);
    expect(v).toBeInstanceOf(Vector);
    expect([v.size, v.dtype, v.data.constructor]).toEqual([3, dtype, Arr]);
    expect(onesVector(2, dtype).toArray()).toEqual([1, 1]);
    expect(fullVector(2, 7, dtype).toArray()).toEqual([7, 7]);
    expect(zeros(0, 5, dtype).data.length).toBe(0);
  });

  it("copies nested arrays, and wraps typed arrays without copying", () => {
    const m = fromArray(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      dtype,
    );
    expect([m.rows, m.cols, m.dtype]).toEqual([2, 3, dtype]);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(fromArray([], dtype).rows).toBe(0);
    expect(vectorFromArray([1.5, 2], dtype).toArray()).toEqual([1.5, 2]);
    const data = new Arr(6);
    const w = fromTypedArray(data, 3, 2);
    expect([w.data, w.dtype]).toEqual([data, dtype]);
    const wv = vectorFromTypedArray(data);
    expect([wv.data, wv.size]).toEqual([data, 6]);
  });

  it("draws seeded samples: the same seed gives the same matrix", () => {
    const a = randn(rng(1), 33, 7, 0.5, dtype),
      b = randn(rng(1), 33, 7, 0.5, dtype);
    expect(a.dtype).toBe(dtype);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(randn(rng(2), 33, 7, 0.5, dtype).data));
    const u = uniform(rng(3), 13, 13, -2, 3, dtype);
    expect(u.data.every((x) => x >= -2 && x <= 3)).toBe(true);
    expect(Math.min(...u.data)).toBeLessThan(-1.5);
    expect(Math.max(...u.data)).toBeGreaterThan(2.5);
  });
});

describe("creation counts its allocations", () => {
  it("allocates one array per tensor and none when wrapping", () => {
    const before = allocationCount.n;
    zeros(2, 2);
    ones(2, 2);
    fromArray([[1]]);
    expect(allocationCount.n - before).toBe(3);
    fromTypedArray(new Float32Array(4), 2, 2);
    vectorFromTypedArray(new Float64Array(2));
    expect(allocationCount.n - before).toBe(3);
  });
});

describe("creation run-time checks", () => {
  it("give every bad size its own message", () => {
    expectThrows(() => zeros(-1, 3), RangeError, "zeros: rows must not be negative, got -1");
    expectThrows(() => zeros(2, 1.5), RangeError, "zeros: cols must be a whole number, got 1.5");
    expectThrows(() => zeros(NaN, 1), RangeError, "zeros: rows must be a whole number, got NaN");
    expectThrows(() => zeros(Infinity, 1), RangeError, "zeros: rows must be finite, got Infinity");
    expectThrows(() => zeros("2" as never, 1), RangeError, "zeros: rows must be a number, got string");
    expectThrows(() => zeros(2 ** 53, 1), RangeError, "zeros: rows is too large, got 9007199254740992");
    expectThrows(() => zerosVector(-3), RangeError, "zerosVector: size must not be negative, got -3");
    expectThrows(() => ones(1, -1), RangeError, "ones: cols must not be negative, got -1");
    expectThrows(() => full(1, NaN, 0), RangeError, "full: cols must be a whole number, got NaN");
    expectThrows(() => randn(rng(0), -1, 2), RangeError, "randn: rows must not be negative, got -1");
    expectThrows(() => eye(0.5), RangeError, "eye: rows must be a whole number, got 0.5");
    expectThrows(
      () => fromTypedArray(new Float32Array(6), -2, -3),
      RangeError,
      "fromTypedArray: rows must not be negative, got -2",
    );
    expectThrows(
      () => vectorFromTypedArray(new Float32Array(6), NaN),
      RangeError,
      "vectorFromTypedArray: size must be a whole number, got NaN",
    );
  });

  it("refuse data whose length is not rows × cols", () => {
    expectShapeError(
      () => fromTypedArray(new Float32Array(5), 2, 3),
      "fromTypedArray: data has 5 elements but [2, 3] needs 6",
    );
    expectShapeError(
      () => vectorFromTypedArray(new Float32Array(5), 6),
      "vectorFromTypedArray: data has 5 elements but [6] needs 6",
    );
    expectShapeError(() => fromArray([[1, 2], [3]]), "fromArray: row 1 has 1 elements but row 0 has 2");
  });

  it("refuse non-numbers, non-float storage, unknown dtypes and missing generators", () => {
    expectThrows(() => zeros(1, 1, "f16" as never), TypeError, 'zeros: dtype must be "f32" or "f64", got f16');
    expectThrows(() => fromArray([[1, "a" as never]]), TypeError, "fromArray: element [0, 1] is string, not a number");
    expectThrows(() => fromArray([[1], 2 as never]), TypeError, "fromArray: row 1 is not an array");
    expectThrows(() => fromArray(3 as never), TypeError, "fromArray: expected an array of rows");
    expectThrows(
      () => vectorFromArray([1, null as never]),
      TypeError,
      "vectorFromArray: element 1 is object, not a number",
    );
    expectThrows(
      () => fromTypedArray(new Int32Array(6) as never, 2, 3),
      TypeError,
      "fromTypedArray: data must be a Float32Array or Float64Array",
    );
    expectThrows(() => full(1, 1, "1" as never), TypeError, "full: value must be a number, got string");
    expectThrows(
      () => randn(Math.random as never, 2, 2),
      TypeError,
      "randn: expected a seeded generator from rng(seed)",
    );
    expectThrows(() => randn(rng(1), 2, 2, -1), RangeError, "randn: std must be finite and not negative, got -1");
    expectThrows(() => uniform(rng(1), 2, 2, 1, 0), RangeError, "uniform: low (1) must not exceed high (0)");
    expectThrows(
      () => uniform(rng(1), 2, 2, 0, Infinity),
      RangeError,
      "uniform: low and high must be finite, got 0 and Infinity",
    );
  });
});
