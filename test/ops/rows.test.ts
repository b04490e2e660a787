// takeRows against indexing the nested reference, every index type, both dtypes; bad indices
// and a wrong batch each get their own message; `out` may not be the source.
import { describe, expect, it } from "vitest";
import { takeRows } from "../../src/ops/rows.js";
import { fromArray, fromTypedArray, zeros } from "../../src/ops/create.js";
import { Matrix } from "../../src/shape/tensor.js";
import { DTYPES, gen, randomGrid, SIZES, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

describe.each(DTYPES)("takeRows (%s)", (dtype) => {
  it("selects the indexed rows in order, repeats allowed, for shapes over SIZES", () => {
    for (const r of SIZES)
      for (const c of SIZES) {
        const g = gen(r * 33 + c);
        const a = randomGrid(g, r, c, dtype);
        const idx = Array.from({ length: 1 + g.int(9) }, () => g.int(r));
        const A = fromTypedArray(toBuf(a, dtype, c), r, c);
        for (const indices of [idx, Int32Array.from(idx), Uint32Array.from(idx), Uint8Array.from(idx)]) {
          const b = takeRows(A, indices);
          expect([b.rows, b.cols, b.dtype]).toEqual([idx.length, c, dtype]);
          expect(b.toArray()).toEqual(idx.map((i) => a[i]));
        }
      }
  });

  it("writes into `out` with a literal or Dim batch size, and takes no rows at all", () => {
    const A = fromArray(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      dtype,
    );
    const out = zeros(2, 2, dtype);
    expect(takeRows(A, [2, 0], 2, out)).toBe(out);
    expect(out.toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(takeRows(A, []).rows).toBe(0);
  });
});

describe("takeRows run-time checks", () => {
  const A = zeros(5, 3);
  it("give out-of-range, negative, fractional and NaN indices their own message", () => {
    expectThrows(
      () => takeRows(A, [1, 5]),
      RangeError,
      "takeRows: index 5 at position 1 is out of range for [5, 3] (rows 0..4)",
    );
    expectThrows(
      () => takeRows(A, [-1]),
      RangeError,
      "takeRows: index -1 at position 0 is out of range for [5, 3] (rows 0..4)",
    );
    expectThrows(
      () => takeRows(A, [0, 0, 1.5]),
      RangeError,
      "takeRows: index 1.5 at position 2 is out of range for [5, 3] (rows 0..4)",
    );
    expectThrows(
      () => takeRows(A, [NaN]),
      RangeError,
      "takeRows: index NaN at position 0 is out of range for [5, 3] (rows 0..4)",
    );
    expectThrows(
      () => takeRows(zeros(0, 3), [0]),
      RangeError,
      "takeRows: index 0 at position 0 is out of range for [0, 3] (rows 0..-1)",
    );
  });

  it("check the batch size and `out`", () => {
    expectShapeError(() => takeRows(A, [1, 2], 3), "takeRows: 2 indices given but the batch size is 3");
    expectShapeError(
      () => takeRows(A, [0, 1], 2, zeros(2, 4) as never),
      "takeRows: out is [2, 4] but the result is [2, 3]",
    );
    expectShapeError(
      () => takeRows(A, [0, 1], 2, zeros(2, 3, "f64") as never),
      "takeRows: out is f64 but the result is f32",
    );
    expectThrows(() => takeRows([[1]] as never, [0]), TypeError, "takeRows: expected a Matrix");
  });

  it("refuse an `out` that is the source or shares its memory", () => {
    const m = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expectShapeError(() => takeRows(m, [1, 0], 2, m), "takeRows: out must not share memory with an input");
    expectShapeError(
      () => takeRows(m, [1], 1, new Matrix(m.data.subarray(2), 1, 2)),
      "takeRows: out must not share memory with an input",
    );
  });
});
