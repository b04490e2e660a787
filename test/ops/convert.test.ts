// astype copies across dtypes (float32 rounding applied going down); toArray gives plain arrays.
import { describe, expect, it } from "vitest";
import { astype, toArray } from "../../src/ops/convert.js";
import { fromArray, vectorFromArray } from "../../src/ops/create.js";
import { Matrix, Vector } from "../../src/shape/tensor.js";
import { expectThrows } from "./expect-error.js";

describe("astype", () => {
  it("copies a matrix or vector into the other dtype", () => {
    const m = fromArray(
      [
        [0.1, 2],
        [3, 4],
      ],
      "f64",
    );
    const f = astype(m, "f32");
    expect(f).toBeInstanceOf(Matrix);
    expect([f.rows, f.cols, f.dtype, f.data.constructor]).toEqual([2, 2, "f32", Float32Array]);
    expect(f.get(0, 0)).toBe(Math.fround(0.1));
    const back = astype(f, "f64");
    expect(back.get(0, 0)).toBe(Math.fround(0.1)); // the float32 rounding stays
    const v = astype(vectorFromArray([1, 2]), "f64");
    expect(v).toBeInstanceOf(Vector);
    expect([v.size, v.dtype]).toEqual([2, "f64"]);
    const same = astype(m, "f64");
    expect(same.data).not.toBe(m.data); // always a copy
  });

  it("refuses an unknown dtype or a non-tensor", () => {
    expectThrows(
      () => astype(fromArray([[1]]), "f16" as never),
      TypeError,
      'astype: dtype must be "f32" or "f64", got f16',
    );
    expectThrows(
      () => astype({ data: new Float32Array(1) } as never, "f32"),
      TypeError,
      "astype: expected a Matrix, a Vector or a Column",
    );
  });
});

describe("toArray", () => {
  it("gives nested rows for a matrix and a flat array for a vector", () => {
    expect(
      toArray(
        fromArray([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(toArray(vectorFromArray([5, 6]))).toEqual([5, 6]);
    expect(toArray(fromArray([]))).toEqual([]);
  });
});
