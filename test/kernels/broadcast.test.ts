// The strided binary loops against a per-element reference: equal shapes, row vector, column
// vector and scalar strides, both dtypes, every shape over SIZES, in place on `a`.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/broadcast.js";
import { bufOf, DTYPES, flat, gen, randomGrid, shapes2, toBuf } from "./reference.js";

const cases: [string, k.Strided, (x: number, y: number) => number][] = [
  ["add", k.add, (x, y) => x + y],
  ["sub", k.sub, (x, y) => x - y],
  ["mul", k.mul, (x, y) => x * y],
  ["div", k.div, (x, y) => x / y],
  ["greater", k.greater, (x, y) => +(x > y)],
  ["lessEqual", k.lessEqual, (x, y) => +(x <= y)],
];

describe.each(DTYPES)("strided broadcast loops (%s)", (dtype) => {
  const round = dtype === "f32" ? Math.fround : Number;
  it.each(cases)("%s reads b through its strides", (_, f, ref) => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 17 + c);
      const a = randomGrid(g, r, c, dtype),
        b = randomGrid(g, r, c, dtype);
      const A = toBuf(a, dtype, c),
        B = toBuf(b, dtype, c);
      const forms: [number, number, (i: number, j: number) => number][] = [
        [c, 1, (i, j) => b[i]![j]!], // equal shapes
        [0, 1, (_i, j) => b[0]![j]!], // row vector: the first row of B
        [1, 0, (i) => B[i]!], // column vector: the first r values of B
        [0, 0, () => B[0]!], // scalar
      ];
      for (const [rs, cs, bAt] of forms) {
        const out = bufOf(dtype, r * c);
        f(out, A, B, r, c, rs, cs);
        expect(Array.from(out)).toEqual(flat(a.map((row, i) => row.map((x, j) => round(ref(x, bAt(i, j)))))));
      }
      const inPlace = toBuf(a, dtype, c);
      f(inPlace, inPlace, B, r, c, c, 1);
      expect(Array.from(inPlace)).toEqual(flat(a.map((row, i) => row.map((x, j) => round(ref(x, b[i]![j]!))))));
    }
  });
});
