// Printing reads like NumPy's repr: every case in the fixture was printed by NumPy itself
// (np.array2string with repr's prefix and suffix, see test/fixtures/core/make_core_fixtures.py),
// covering alignment on the point, shortest float32 digits, scientific switching, nan/inf,
// line wrapping at 75 columns and the summarizing of arrays over 1000 elements.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { formatMatrix, formatVector } from "../../src/shape/format.js";
import { fromArray, vectorFromArray, vectorFromTypedArray, zeros } from "../../src/ops/create.js";
import { reshape } from "../../src/ops/reshape.js";
import { Matrix } from "../../src/shape/tensor.js";
import fixture from "../fixtures/core/numpy.json";
import { fixtureBuf } from "../kernels/reference.js";

type Case = { shape: number[]; dtype: string; data: (number | string)[]; repr: string };
const cases = Object.entries(fixture.print as Record<string, Case>);

describe("formatMatrix and formatVector", () => {
  it.each(cases)("print %s as NumPy does", (_, c) => {
    const data = fixtureBuf(c);
    const dtype = c.dtype as "f32" | "f64";
    const text =
      c.shape.length === 2
        ? formatMatrix(c.shape[0]!, c.shape[1]!, data, dtype)
        : formatVector(c.shape[0]!, data, dtype);
    expect(text).toBe(c.repr);
  });
});

describe("toString and util.inspect", () => {
  it("print small matrices and vectors exactly", () => {
    const m = fromArray([
      [1, 2.5, -3],
      [4, 5, 6],
    ]);
    const text = "matrix([[ 1. ,  2.5, -3. ],\n        [ 4. ,  5. ,  6. ]], shape=[2, 3], dtype=float32)";
    expect(m.toString()).toBe(text);
    expect(inspect(m)).toBe(text);
    expect(`${m}`).toBe(text);
    expect(inspect({ w: vectorFromArray([0.1, 0.25], "f64") })).toBe(
      "{ w: vector([0.1 , 0.25], shape=[2], dtype=float64) }",
    );
    expect(String(fromArray([[1 / 3]], "f64"))).toBe("matrix([[0.33333333]], shape=[1, 1], dtype=float64)");
    expect(String(fromArray([[1 / 3]]))).toBe("matrix([[0.33333334]], shape=[1, 1], dtype=float32)");
    expect(String(zeros(0, 3))).toBe("matrix([], shape=[0, 3], dtype=float32)");
  });

  it("summarize a big matrix to its corners", () => {
    const big = reshape(vectorFromTypedArray(Float64Array.from({ length: 100 * 784 }, (_, i) => i % 784)), 100, 784);
    expect(inspect(big)).toBe(
      "matrix([[  0.,   1.,   2., ..., 781., 782., 783.],\n" +
        "        [  0.,   1.,   2., ..., 781., 782., 783.],\n" +
        "        [  0.,   1.,   2., ..., 781., 782., 783.],\n" +
        "        ...,\n" +
        "        [  0.,   1.,   2., ..., 781., 782., 783.],\n" +
        "        [  0.,   1.,   2., ..., 781., 782., 783.],\n" +
        "        [  0.,   1.,   2., ..., 781., 782., 783.]],\n" +
        "       shape=[100, 784], dtype=float64)", // the tail moves to its own line past 75 columns
    );
  });

  it("print a transposed view as what it is", () => {
    const m = new Matrix(new Float32Array([1, 2]), 1, 2);
    expect(m.T.toString()).toBe("transposed view of\nmatrix([[1., 2.]], shape=[1, 2], dtype=float32)");
    expect(inspect(m.T)).toBe(m.T.toString());
  });
});
