// transpose materializes aᵀ (blocked kernel) for every shape over SIZES and past one block;
// `out` may never share memory with the input.
import { describe, expect, it } from "vitest";
import { transpose } from "../../src/ops/transpose.js";
import { fromArray, fromTypedArray, zeros } from "../../src/ops/create.js";
import { Matrix } from "../../src/shape/tensor.js";
import { DTYPES, gen, randomGrid, refTranspose, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError } from "./expect-error.js";

describe.each(DTYPES)("transpose (%s)", (dtype) => {
  it("matches the reference for every shape over SIZES and larger ones", () => {
    for (const [r, c] of [...shapes2(), [40, 70], [65, 33]] as [number, number][]) {
      const a = randomGrid(gen(r * 90 + c), r, c, dtype);
      const t = transpose(fromTypedArray(toBuf(a, dtype, c), r, c));
      expect([t.rows, t.cols, t.dtype]).toEqual([c, r, dtype]);
      expect(t.toArray()).toEqual(refTranspose(a, c));
    }
  });

  it("of a view copies the base, and writes into `out`", () => {
    const m = fromArray(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      dtype,
    );
    const back = transpose(m.T);
    expect(back.toArray()).toEqual(m.toArray());
    expect(back.data).not.toBe(m.data);
    const out = zeros(3, 2, dtype);
    expect(transpose(m, out)).toBe(out);
    expect(out.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });
});

describe("transpose run-time checks", () => {
  it("refuse a wrong `out` and in-place use", () => {
    expectShapeError(
      () => transpose(zeros(2, 3), zeros(2, 3) as never),
      "transpose: out is [2, 3] but the result is [3, 2]",
    );
    expectShapeError(
      () => transpose(zeros(2, 3), zeros(3, 2, "f64") as never),
      "transpose: out is f64 but the result is f32",
    );
    const sq = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expectShapeError(() => transpose(sq, sq), "transpose: out must not share memory with an input");
    expectShapeError(() => transpose(sq.T, sq), "transpose: out must not share memory with an input");
    const buf = new Float32Array(5);
    expectShapeError(
      () => transpose(new Matrix(buf.subarray(0, 4), 2, 2), new Matrix(buf.subarray(1), 2, 2)),
      "transpose: out must not share memory with an input",
    );
  });
});
