// reshape, flatten, asRow and asColumn share data and check sizes at run time.
import { describe, expect, it } from "vitest";
import { asColumn, asRow, flatten, reshape, reshapeBackward, toColumn, toRow } from "../../src/ops/reshape.js";
import { Column } from "../../src/shape/tensor.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randColumn, randMatrix, randVector } from "./backward-oracle.js";
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

describe("reshapeBackward, the backward of every view here, against finite differences (f64) and f64 (f32)", () => {
  const g = rng(67);
  const v = randVector(g, 6),
    m = randMatrix(g, 2, 3),
    c = randColumn(g, 6);
  it.each([
    ["reshape", v, (x: never) => reshape(x, 3, 2)],
    ["flatten", m, (x: never) => flatten(x)],
    ["asRow", v, (x: never) => asRow(x)],
    ["asColumn", v, (x: never) => asColumn(x)],
    ["toColumn", v, (x: never) => toColumn(x)],
    ["toRow", c, (x: never) => toRow(x)],
  ] as const)("%s", (_name, x, f) => {
    checkBackward(
      [x],
      [0],
      ([a]) => f(a!),
      (G, [a]) => [reshapeBackward(G, a!)],
    );
  });
  it("copies into out of the input's kind, and checks it", () => {
    const out = new Column(new Float32Array(2), 2);
    expect(reshapeBackward(vectorFromArray([1, 2]), out, out)).toBe(out);
    expectShapeError(
      () => reshapeBackward(vectorFromArray([1, 2]), new Column(new Float32Array(2), 2), zerosVector(2) as never),
      "reshapeBackward: out is [2] but a is [2] (column)",
    );
  });
});
