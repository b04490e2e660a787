// softmax per row against log-sum-exp and NumPy, stable for ±1e4; its backward against the
// Jacobian-vector product written out.
import { describe, expect, it } from "vitest";
import { softmax, softmaxBackward } from "../../src/ops/softmax.js";
import { fromArray, fromTypedArray, zeros } from "../../src/ops/create.js";
import { Matrix } from "../../src/shape/tensor.js";
import fixture from "../fixtures/core/numpy.json";
import {
  DTYPES,
  expectClose,
  fixtureBuf,
  gen,
  randomGrid,
  refSoftmaxRow,
  shapes2,
  toBuf,
} from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

describe.each(DTYPES)("softmax (%s)", (dtype) => {
  it("matches the reference for every shape over SIZES, rows summing to 1", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 9 + c), r, c, dtype, 4);
      const p = softmax(fromTypedArray(toBuf(a, dtype, c), r, c));
      expectClose(p.data, a.flatMap(refSoftmaxRow), dtype);
    }
  });

  it("is stable for logits of ±1e4", () => {
    const p = softmax(
      fromArray(
        [
          [1e4, -1e4, 0],
          [-1e4, -1e4 + 1, -1e4],
          [1e4, 1e4, 1e4],
        ],
        dtype,
      ),
    );
    expect(p.data.every(Number.isFinite)).toBe(true);
    expectClose(p.data, [1, 0, 0, ...refSoftmaxRow([0, 1, 0]), 1 / 3, 1 / 3, 1 / 3], dtype);
  });

  it("works in place", () => {
    const a = fromArray([[1, 2, 3]], dtype);
    expect(softmax(a, a)).toBe(a);
    expectClose(a.data, refSoftmaxRow([1, 2, 3]), dtype);
  });

  it("backward is y ⊙ (dOut − Σ dOut·y) per row", () => {
    const g = gen(3);
    const a = randomGrid(g, 7, 13, dtype),
      d = randomGrid(g, 7, 13, dtype);
    const y = softmax(fromTypedArray(toBuf(a, dtype, 13), 7, 13));
    const dX = softmaxBackward(fromTypedArray(toBuf(d, dtype, 13), 7, 13), y);
    const yr = a.map(refSoftmaxRow);
    const expected = yr.flatMap((row, i) => {
      const s = row.reduce((acc, v, j) => acc + v * d[i]![j]!, 0);
      return row.map((v, j) => v * (d[i]![j]! - s));
    });
    expectClose(
      dX.data,
      expected,
      dtype,
      yr.flat().map((v) => v * 4),
    );
  });
});

describe("softmax against NumPy", () => {
  it("matches NumPy's values for random rows and rows of ±1e4", () => {
    const logits = fromTypedArray(fixtureBuf(fixture.ops.logits), 4, 6);
    expectClose(softmax(logits).data, fixtureBuf(fixture.ops.softmax), "f64");
  });
});

describe("softmax run-time checks", () => {
  it("refuse a vector, a wrong `out` and mismatched backward operands", () => {
    expectThrows(() => softmax([1, 2] as never), TypeError, "softmax: expected a Matrix");
    expectShapeError(
      () => softmax(zeros(2, 3), zeros(3, 2) as never),
      "softmax: out is [3, 2] but the result is [2, 3]",
    );
    expectShapeError(
      () => softmaxBackward(zeros(2, 3), zeros(2, 4) as never),
      "softmaxBackward: [2, 3] and [2, 4]: shapes must be equal",
    );
    expectShapeError(
      () => softmaxBackward(zeros(2, 3), zeros(2, 3, "f64") as never),
      "softmaxBackward: dtype f32 and f64 do not mix; convert one with astype()",
    );
    const buf = new Float32Array(7);
    expectShapeError(
      () => softmax(new Matrix(buf.subarray(0, 6), 2, 3), new Matrix(buf.subarray(1), 2, 3)),
      "softmax: out overlaps an input without being it: write in place or into separate memory",
    );
  });
});
