// exp, log, sqrt, map and clone against Math, both dtypes, every shape over SIZES, in place.
import { describe, expect, it } from "vitest";
import {
  exp,
  log,
  sqrt,
  map,
  clone,
  abs,
  pow,
  clip,
  absBackward,
  powBackward,
  clipBackward,
} from "../../src/ops/unary.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randMatrix } from "./backward-oracle.js";
import { fromArray, fromTypedArray, ones, vectorFromArray, zeros } from "../../src/ops/create.js";
import type { DType } from "../../src/shape/dtype.js";
import { toColumn } from "../../src/ops/reshape.js";
import { DTYPES, expectClose, flat, gen, randomGrid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

const positive = (g: number[][], dtype: DType) =>
  g.map((r) => r.map((x) => (dtype === "f32" ? Math.fround : Number)(Math.abs(x) + 0.01)));

describe.each(DTYPES)("unary ops (%s)", (dtype) => {
  it("match Math for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = positive(randomGrid(gen(r * 40 + c), r, c, dtype), dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      for (const [op, f] of [
        [exp, Math.exp],
        [log, Math.log],
        [sqrt, Math.sqrt],
      ] as const) {
        const out = op(A);
        expect([out.rows, out.cols, out.dtype]).toEqual([r, c, dtype]);
        expectClose(out.data, flat(a).map(f), dtype);
      }
      expectClose(
        map(A, (x, i) => x * i).data,
        flat(a).map((x, i) => x * i),
        dtype,
      );
      const copy = clone(A);
      expect(copy.data).not.toBe(A.data);
      expect(Array.from(copy.data)).toEqual(flat(a));
    }
  });

  it("work in place and on vectors", () => {
    const a = fromArray(
      [
        [1, 4],
        [9, 16],
      ],
      dtype,
    );
    expect(sqrt(a, a)).toBe(a);
    expect(a.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const v = vectorFromArray([0, 1], dtype);
    expect(exp(v).toArray()[0]).toBe(1);
    expect(map(v, (x) => x + 1, v)).toBe(v);
    expect(v.toArray()).toEqual([1, 2]);
  });
});

describe("unary run-time checks", () => {
  it("check `out` and f", () => {
    expectShapeError(() => exp(zeros(2, 3), zeros(3, 2) as never), "exp: out is [3, 2] but the result is [2, 3]");
    expectShapeError(() => log(zeros(2, 3), zeros(2, 3, "f64") as never), "log: out is f64 but the result is f32");
    expectThrows(() => map(zeros(1, 1), 3 as never), TypeError, "map: f must be a function");
    expectThrows(() => sqrt(3 as never), TypeError, "sqrt: expected a Matrix, a Vector or a Column");
  });
});

describe.each(DTYPES)("abs, pow, clip (%s)", (dtype) => {
  const round = dtype === "f32" ? Math.fround : Number;
  it("match Math for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 41 + c), r, c, dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      expect(Array.from(abs(A).data)).toEqual(flat(a).map(Math.abs));
      expectClose(
        pow(A, 2).data,
        flat(a).map((x) => x * x),
        dtype,
      );
      expectClose(
        pow(abs(A), 0.5).data,
        flat(a).map((x) => Math.abs(x) ** 0.5),
        dtype,
      );
      expectClose(
        pow(abs(A), -1.5).data,
        flat(a).map((x) => Math.abs(x) ** -1.5),
        dtype,
      );
      expect(Array.from(clip(A, -0.5, 0.25).data)).toEqual(
        flat(a).map((x) => round(Math.min(Math.max(x, -0.5), 0.25))),
      );
    }
  });

  it("keep NaN, work in place and on vectors and columns", () => {
    const v = vectorFromArray([NaN, -3, 5], dtype);
    expect(clip(v, 0, 1).toArray()).toEqual([NaN, 0, 1]);
    expect(abs(v, v)).toBe(v);
    expect(v.toArray()).toEqual([NaN, 3, 5]);
    expect(pow(toColumn(vectorFromArray([2, 3], dtype)), 3).toArray()).toEqual([8, 27]);
  });
});

describe("abs, pow, clip run-time checks", () => {
  it("refuse bad bounds and exponents", () => {
    expectThrows(() => clip(zeros(1, 1), 1, 0), RangeError, "clip: lo (1) must not exceed hi (0)");
    expectThrows(() => clip(zeros(1, 1), NaN, 0), RangeError, "clip: lo (NaN) must not exceed hi (0)");
    expectThrows(() => pow(zeros(1, 1), "2" as never), TypeError, "pow: p must be a number, got string");
    expectShapeError(() => abs(zeros(2, 2), zeros(2, 3) as never), "abs: out is [2, 3] but the result is [2, 2]");
  });
});

describe("abs, pow and clip backward against finite differences (f64) and f64 (f32)", () => {
  const g = rng(41);
  const away = (k: number[]) => (x: number) => k.some((p) => Math.abs(x - p) < 0.05);
  it("absBackward, away from 0; sign(0) = 0 at 0", () => {
    const A = randMatrix(g, 4, 5, -2, 2, away([0]));
    checkBackward(
      [A],
      [0],
      ([a]) => abs(a!),
      (G, [a]) => [absBackward(G, a!)],
    );
    expect(absBackward(ones(1, 3), fromArray([[-2, 0, 3]])).toArray()).toEqual([[-1, 0, 1]]);
  });
  it.each([2, 3, 0.5, -1.5, 1])("powBackward, p = %s (positive base)", (p) => {
    const A = randMatrix(g, 3, 4, 0.2, 2);
    checkBackward(
      [A],
      [0],
      ([a]) => pow(a!, p),
      (G, [a]) => [powBackward(G, a!, p)],
    );
  });
  it("powBackward of an integer power over negative bases too; p = 0 gives 0 even at 0", () => {
    const A = randMatrix(g, 3, 4);
    checkBackward(
      [A],
      [0],
      ([a]) => pow(a!, 3),
      (G, [a]) => [powBackward(G, a!, 3)],
    );
    expect(powBackward(ones(1, 2, "f64"), fromArray([[0, 2]], "f64"), 0).toArray()).toEqual([[0, 0]]);
    expect(powBackward(ones(1, 2, "f64"), fromArray([[0, 2]], "f64"), 1).toArray()).toEqual([[1, 1]]);
  });
  it("clipBackward, away from the bounds; the gradient passes at the bounds themselves", () => {
    const A = randMatrix(g, 4, 5, -2, 2, away([-0.5, 1]));
    checkBackward(
      [A],
      [0],
      ([a]) => clip(a!, -0.5, 1),
      (G, [a]) => [clipBackward(G, a!, -0.5, 1)],
    );
    expect(clipBackward(ones(1, 5), fromArray([[-2, -0.5, 0.3, 1, 3]]), -0.5, 1).toArray()).toEqual([[0, 1, 1, 1, 0]]);
  });
  it("check their operands", () => {
    expectShapeError(
      () => absBackward(ones(2, 2), ones(2, 3) as never),
      "absBackward: [2, 2] f32 and [2, 3] f32: shapes and dtypes must be equal",
    );
    expect(() => powBackward(ones(2, 2), ones(2, 2), "2" as never)).toThrow(
      "powBackward: p must be a number, got string",
    );
    expect(() => clipBackward(ones(2, 2), ones(2, 2), 0, null as never)).toThrow(
      "clipBackward: lo and hi must be numbers",
    );
  });
});
