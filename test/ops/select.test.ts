// minimum, maximum, the comparisons and where, against per-element formulas in both dtypes over
// every shape in SIZES, with each broadcast form (row vector, column, scalar), NaN as NumPy has it.
import { describe, expect, it } from "vitest";
import {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  notEqual,
  where,
} from "../../src/ops/select.js";
import {
  fromArray,
  fromTypedArray,
  vectorFromArray,
  vectorFromTypedArray,
  zeros,
  zerosVector,
} from "../../src/ops/create.js";
import { toColumn } from "../../src/ops/reshape.js";
import { DTYPES, flat, gen, randomGrid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";
import { maximumBackward, minimumBackward, whereBackward } from "../../src/ops/select.js";
import { ones, onesVector } from "../../src/ops/create.js";
import { astype } from "../../src/ops/convert.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randColumn, randMatrix, randVector } from "./backward-oracle.js";

const any = (x: unknown) => x as never;
const nanMin = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y));
const nanMax = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y));
const ops = [
  ["minimum", minimum, nanMin],
  ["maximum", maximum, nanMax],
  ["greater", greater, (x: number, y: number) => +(x > y)],
  ["greaterEqual", greaterEqual, (x: number, y: number) => +(x >= y)],
  ["less", less, (x: number, y: number) => +(x < y)],
  ["lessEqual", lessEqual, (x: number, y: number) => +(x <= y)],
  ["equal", equal, (x: number, y: number) => +(x === y)],
  ["notEqual", notEqual, (x: number, y: number) => +(x !== y)],
] as const;

describe.each(DTYPES)("minimum, maximum, comparisons (%s)", (dtype) => {
  it.each(ops)("%s: equal shapes, row vector, column and scalar, every shape over SIZES", (_, op, f) => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 90 + c);
      const a = randomGrid(g, r, c, dtype),
        b = randomGrid(g, r, c, dtype);
      b[0]![0] = a[0]![0]!; // one tie, so equal/greaterEqual/lessEqual see a true
      const v = randomGrid(g, 1, c, dtype)[0]!,
        u = randomGrid(g, 1, r, dtype)[0]!;
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      expect(Array.from(op(A, fromTypedArray(toBuf(b, dtype, c), r, c)).data)).toEqual(
        flat(a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!)))),
      );
      expect(Array.from(op(A, vectorFromTypedArray(toBuf([v], dtype, c), c)).data)).toEqual(
        flat(a.map((row) => row.map((x, j) => f(x, v[j]!)))),
      );
      expect(Array.from(op(A, toColumn(vectorFromTypedArray(toBuf([u], dtype, r), r))).data)).toEqual(
        flat(a.map((row, i) => row.map((x) => f(x, u[i]!)))),
      );
      expect(Array.from(op(A, 0).data)).toEqual(flat(a.map((row) => row.map((x) => f(x, 0)))));
    }
  });

  it("treat NaN as NumPy does", () => {
    const a = vectorFromArray([NaN, 1, NaN], dtype),
      b = vectorFromArray([0, NaN, NaN], dtype);
    expect(minimum(a, b).toArray()).toEqual([NaN, NaN, NaN]);
    expect(maximum(a, b).toArray()).toEqual([NaN, NaN, NaN]);
    expect(greater(a, b).toArray()).toEqual([0, 0, 0]);
    expect(equal(a, b).toArray()).toEqual([0, 0, 0]);
    expect(notEqual(a, b).toArray()).toEqual([1, 1, 1]);
  });

  it("where selects by a mask, from tensors or numbers", () => {
    const x = fromArray(
      [
        [-1, 2],
        [3, -4],
      ],
      dtype,
    );
    expect(where(greater(x, 0), x, 0).toArray()).toEqual([
      [0, 2],
      [3, 0],
    ]);
    expect(where(less(x, 0), 1, x).toArray()).toEqual([
      [1, 2],
      [3, 1],
    ]);
    const y = fromArray(
      [
        [10, 20],
        [30, 40],
      ],
      dtype,
    );
    expect(where(equal(x, 3), x, y).toArray()).toEqual([
      [10, 20],
      [3, 40],
    ]);
    expect(where(vectorFromArray([NaN, 0], dtype), 1, 2).toArray()).toEqual([1, 2]); // NaN is true
    expect(where(greater(x, 0), x, 0, x)).toBe(x); // in place
    expect(x.toArray()).toEqual([
      [0, 2],
      [3, 0],
    ]);
  });
});

describe("select run-time checks", () => {
  it("name the op and both shapes", () => {
    expectShapeError(() => maximum(zeros(2, 3), any(zeros(3, 2))), "maximum: [2, 3] and [3, 2]: shapes must be equal");
    expectShapeError(
      () => greater(zeros(2, 3), any(zerosVector(2))),
      "greater: [2, 3] and [2]: a row broadcast needs a vector of a.cols (3), got 2",
    );
    expectShapeError(
      () => where(zeros(2, 3), any(zeros(3, 2)), 0),
      "where: mask is [2, 3] but a is [3, 2]: shapes must be equal",
    );
    expectShapeError(
      () => where(zerosVector(3), 0, any(toColumn(zerosVector(3)))),
      "where: mask is [3] but b is [3] (column): shapes must be equal",
    );
    expectShapeError(
      () => where(zeros(1, 1), any(zeros(1, 1, "f64")), 0),
      "where: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectThrows(() => where(any(1), 0, 0), TypeError, "where: mask must be a Matrix, a Vector or a Column");
  });
});

describe("minimum, maximum and where backward against finite differences (f64) and f64 (f32)", () => {
  const g = rng(43);
  // b's values, then a's drawn away from each one it is compared with, so no tie is near.
  const B = randMatrix(g, 4, 5),
    row = randVector(g, 5),
    column = randColumn(g, 4);
  const apart = (partner: (i: number) => number) =>
    randMatrix(g, 4, 5, -2, 2, (x, i) => Math.abs(x - partner(i)) < 0.05);
  const forms = [
    ["equal shapes", apart((i) => B.data[i]!), B],
    ["a row vector b", apart((i) => row.data[i % 5]!), row],
    ["a column b", apart((i) => column.data[Math.floor(i / 5)]!), column],
    ["a scalar b", apart(() => 0.3), 0.3],
  ] as const;
  for (const [name, fwd, back] of [
    ["maximum", maximum, maximumBackward],
    ["minimum", minimum, minimumBackward],
  ] as const) {
    it.each(forms)(`${name}Backward, %s`, (_form, A, b) => {
      const xs = typeof b === "number" ? [A] : [A, b];
      checkBackward(
        xs,
        typeof b === "number" ? [0] : [0, 1],
        ([a, bb]) => fwd(a!, typeof b === "number" ? b : bb!),
        (G, [a, bb]) => {
          const r = back(G, a!, typeof b === "number" ? b : bb!);
          return typeof b === "number" ? [r.dA] : [r.dA, r.dB as never];
        },
      );
    });
  }
  it("ties go to a (the first operand, as max's first maximal element), a NaN to the operand that is NaN", () => {
    const a = fromArray([[1, 2, NaN, 3]], "f64"),
      b = fromArray([[1, 5, 0, NaN]], "f64");
    const mx = maximumBackward(ones(1, 4, "f64"), a, b);
    expect([mx.dA.toArray(), mx.dB.toArray()]).toEqual([[[1, 0, 1, 0]], [[0, 1, 0, 1]]]);
    const mn = minimumBackward(ones(1, 4, "f64"), a, b);
    expect([mn.dA.toArray(), mn.dB.toArray()]).toEqual([[[1, 1, 1, 0]], [[0, 0, 0, 1]]]);
    // A broadcast b at a tie in every row: all of the gradient stays with a, none summed into b.
    const r = maximumBackward(
      ones(2, 2, "f64"),
      fromArray(
        [
          [1, 2],
          [1, 2],
        ],
        "f64",
      ),
      vectorFromArray([1, 2], "f64"),
    );
    expect([r.dA.toArray(), r.dB.toArray()]).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      [0, 0],
    ]);
  });
  it("whereBackward: each branch gets dOut where it was taken (a NaN mask counts as true); null skips one", () => {
    const mask = fromArray([[1, 0, NaN, -2]], "f64"),
      dOut = fromArray([[1, 2, 3, 4]], "f64");
    const { dA, dB } = whereBackward(dOut, mask);
    expect([dA.toArray(), dB.toArray()]).toEqual([[[1, 0, 3, 4]], [[0, 2, 0, 0]]]);
    expect(whereBackward(dOut, mask, { dA: null }).dA).toBeUndefined();
    const M = randMatrix(g, 3, 4),
      A = randMatrix(g, 3, 4),
      Bm = randMatrix(g, 3, 4);
    const cond = greater(M, 0);
    checkBackward(
      [A, Bm],
      [0, 1],
      ([a, b]) => where(cond as never, a!, b!),
      (G, [a]) => {
        const r = whereBackward(G, astype(cond, (a as { dtype: "f32" | "f64" }).dtype) as never);
        return [r.dA, r.dB];
      },
    );
  });
  it("check their operands", () => {
    expectShapeError(
      () => maximumBackward(ones(2, 2), ones(2, 3) as never, 0),
      "maximumBackward: dOut is [2, 2] but a is [2, 3]",
    );
    expectShapeError(
      () => minimumBackward(ones(2, 2), ones(2, 2), onesVector(3) as never),
      "minimumBackward: b is [3] but a is [2, 2]",
    );
    expectShapeError(
      () => whereBackward(ones(2, 2), ones(3, 2) as never),
      "whereBackward: dOut is [2, 2] but the mask is [3, 2]",
    );
  });
});
