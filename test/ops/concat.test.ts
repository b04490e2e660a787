// concat and stack against nested-array joins, both dtypes, both axes, and their refusals.
import { describe, expect, it } from "vitest";
import { concat, stack } from "../../src/ops/concat.js";
import { fromTypedArray, vectorFromArray, zeros, zerosVector } from "../../src/ops/create.js";
import { DTYPES, gen, randomGrid, SIZES, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";
import { concatBackward, stackBackward } from "../../src/ops/concat.js";
import { ones } from "../../src/ops/create.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randMatrix, randVector } from "./backward-oracle.js";

const any = (x: unknown) => x as never;

describe.each(DTYPES)("concat and stack (%s)", (dtype) => {
  it("join matrices along either axis like the nested-array reference", () => {
    for (const r of SIZES)
      for (const c of SIZES) {
        const g = gen(r * 50 + c);
        const a = randomGrid(g, r, c, dtype),
          b = randomGrid(g, 2, c, dtype),
          d = randomGrid(g, r, 3, dtype);
        const A = fromTypedArray(toBuf(a, dtype, c), r, c);
        const tall = concat([A, fromTypedArray(toBuf(b, dtype, c), 2, c)], 0);
        expect([tall.rows, tall.cols, tall.dtype]).toEqual([r + 2, c, dtype]);
        expect(tall.toArray()).toEqual([...a, ...b]);
        const wide = concat([A, fromTypedArray(toBuf(d, dtype, 3), r, 3), A], 1);
        expect([wide.rows, wide.cols]).toEqual([r, c + 3 + c]);
        expect(wide.toArray()).toEqual(a.map((row, i) => [...row, ...d[i]!, ...row]));
      }
  });

  it("stack vectors as rows or as columns", () => {
    const u = vectorFromArray([1, 2, 3], dtype),
      v = vectorFromArray([4, 5, 6], dtype);
    expect(stack([u, v], 0).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(stack([u, v], 1, 2).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(stack([u], 1).toArray()).toEqual([[1], [2], [3]]);
    expect(stack([u, v, u], 0, 3).dtype).toBe(dtype);
  });
});

describe("concat and stack run-time checks", () => {
  it("name the part, both shapes and the declared size", () => {
    expectShapeError(
      () => concat([zeros(2, 3), any(zeros(2, 4))], 0),
      "concat: part 1 is [2, 4] but part 0 is [2, 3]: along axis 0 every part needs 3 columns",
    );
    expectShapeError(
      () => concat([zeros(2, 3), any(zeros(3, 3))], 1),
      "concat: part 1 is [3, 3] but part 0 is [2, 3]: along axis 1 every part needs 2 rows",
    );
    expectShapeError(
      () => concat([zeros(2, 3), zeros(1, 3)], 0, 4),
      "concat: the parts have 3 rows in all but the declared size is 4",
    );
    expectShapeError(
      () => concat([zeros(2, 3), any(zeros(2, 3, "f64"))], 0),
      "concat: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectThrows(() => concat(any([]), 0), TypeError, "concat: expected a non-empty array of matrices");
    expectThrows(() => concat([zeros(1, 1), any(zerosVector(1))], 0), TypeError, "concat: part 1 is not a matrix");
    expectThrows(() => concat([zeros(1, 1)], any(2)), RangeError, "concat: axis must be 0 or 1, got 2");
    expectShapeError(
      () => stack([zerosVector(2), any(zerosVector(3))], 0),
      "stack: part 1 is [3] but part 0 is [2]: sizes must be equal",
    );
    expectShapeError(
      () => stack([zerosVector(2)], 1, 2),
      "stack: the parts have 1 vectors in all but the declared size is 2",
    );
  });
});

describe("concat and stack backward against finite differences (f64) and f64 (f32)", () => {
  const g = rng(59);
  it.each([0, 1] as const)("concatBackward, axis %s", (axis) => {
    const parts =
      axis === 0
        ? [randMatrix(g, 2, 3), randMatrix(g, 1, 3), randMatrix(g, 3, 3)]
        : [randMatrix(g, 3, 2), randMatrix(g, 3, 1), randMatrix(g, 3, 3)];
    checkBackward(
      parts,
      [0, 1, 2],
      (ps) => concat(ps as never, axis),
      (G, ps) => concatBackward(G, ps, axis),
    );
  });
  it.each([0, 1] as const)("stackBackward, axis %s", (axis) => {
    const parts = [randVector(g, 4), randVector(g, 4), randVector(g, 4)];
    checkBackward(
      parts,
      [0, 1, 2],
      (ps) => stack(ps as never, axis),
      (G, ps) => stackBackward(G, ps, axis),
    );
  });
  it("skip a part given null, write into a given out, and check dOut", () => {
    const out = ones(1, 2);
    const [a, b] = concatBackward(ones(3, 2), [zeros(2, 2), zeros(1, 2)], 0, [null, out]);
    expect(a).toBeUndefined();
    expect(b).toBe(out);
    expectShapeError(
      () => concatBackward(ones(3, 2), [zeros(2, 2), zeros(2, 2)], 0),
      "concatBackward: dOut is [3, 2] but the parts join to [4, 2]",
    );
    expectShapeError(
      () => stackBackward(ones(3, 2), [zerosVector(2), zerosVector(2)], 0),
      "stackBackward: dOut is [3, 2] but the parts stack to [2, 2]",
    );
  });
});
