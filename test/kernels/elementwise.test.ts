// Elementwise loops against per-element formulas, both dtypes, odd lengths, in place.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/elementwise.js";
import type { Buf, DType } from "../../src/shape/dtype.js";
import { bufOf, DTYPES, expectClose, flat, gen, randomGrid, SIZES, toBuf } from "./reference.js";

const round = (dtype: DType) => (dtype === "f32" ? Math.fround : (x: number) => x);
function data(dtype: DType, n: number, seed: number, positive = false): Buf {
  const grid = randomGrid(gen(seed), 1, n, dtype);
  return toBuf(positive ? grid.map((r) => r.map((x) => round(dtype)(Math.abs(x) + 0.5))) : grid, dtype, n);
}

const binary: [string, (o: Buf, a: Buf, b: Buf, n: number) => Buf, (x: number, y: number) => number][] = [
  ["add", k.add, (x, y) => x + y],
  ["sub", k.sub, (x, y) => x - y],
  ["mul", k.mul, (x, y) => x * y],
  ["div", k.div, (x, y) => x / y],
];
const unary: [string, (o: Buf, a: Buf, n: number) => Buf, (x: number) => number, boolean][] = [
  ["exp", k.exp, Math.exp, false],
  ["log", k.log, Math.log, true],
  ["sqrt", k.sqrt, Math.sqrt, true],
  ["neg", k.neg, (x) => -x, false],
  ["copy", k.copy, (x) => x, false],
];

describe.each(DTYPES)("elementwise kernels (%s)", (dtype) => {
  it.each(binary)("%s matches x op y, and works in place", (_, f, ref) => {
    for (const n of SIZES) {
      const a = data(dtype, n, n),
        b = data(dtype, n, n + 100, true);
      const expected = Array.from(a, (x, i) => ref(x, b[i]!));
      const out = bufOf(dtype, n);
      expect(f(out, a, b, n)).toBe(out);
      expectClose(out, expected, dtype);
      f(a, a, b, n); // out === a
      expectClose(a, expected, dtype);
    }
  });

  it.each(unary)("%s matches the formula, and works in place", (_, f, ref, positive) => {
    for (const n of SIZES) {
      const a = data(dtype, n, 7 * n, positive);
      const expected = Array.from(a, ref);
      const out = bufOf(dtype, n);
      expect(f(out, a, n)).toBe(out);
      expectClose(out, expected, dtype);
      f(a, a, n);
      expectClose(a, expected, dtype);
    }
  });

  it("scalar forms, including the reversed s - a and s / a", () => {
    const a = data(dtype, 13, 3, true);
    const cases: [Buf, (x: number) => number][] = [
      [k.addScalar(bufOf(dtype, 13), a, 2.5, 13), (x) => x + 2.5],
      [k.subScalar(bufOf(dtype, 13), a, 2.5, 13, false), (x) => x - 2.5],
      [k.subScalar(bufOf(dtype, 13), a, 2.5, 13, true), (x) => 2.5 - x],
      [k.mulScalar(bufOf(dtype, 13), a, -3, 13), (x) => x * -3],
      [k.divScalar(bufOf(dtype, 13), a, 4, 13, false), (x) => x / 4],
      [k.divScalar(bufOf(dtype, 13), a, 4, 13, true), (x) => 4 / x],
    ];
    for (const [out, ref] of cases) expectClose(out, Array.from(a, ref), dtype);
  });

  it("row broadcasts add v[j] to every row, for every shape over SIZES", () => {
    const rows: [string, typeof k.addRow, (x: number, y: number) => number][] = [
      ["addRow", k.addRow, (x, y) => x + y],
      ["subRow", k.subRow, (x, y) => x - y],
      ["mulRow", k.mulRow, (x, y) => x * y],
      ["divRow", k.divRow, (x, y) => x / y],
    ];
    for (const [, f, ref] of rows)
      for (const r of SIZES)
        for (const c of SIZES) {
          const g = gen(r * 100 + c);
          const a = randomGrid(g, r, c, dtype);
          const v = randomGrid(g, 1, c, dtype)[0]!.map((x) => round(dtype)(Math.abs(x) + 0.5));
          const out = bufOf(dtype, r * c);
          f(out, toBuf(a, dtype), toBuf([v], dtype), r, c);
          expectClose(out, flat(a.map((row) => row.map((x, j) => ref(x, v[j]!)))), dtype);
        }
  });

  it("axpy adds alpha·x into y (the SGD update)", () => {
    const y = data(dtype, 33, 1),
      x = data(dtype, 33, 2);
    const expected = Array.from(y, (v, i) => v + -0.1 * x[i]!);
    expect(k.axpy(y, -0.1, x, 33)).toBe(y);
    expectClose(y, expected, dtype);
  });

  it("map passes each element and its index", () => {
    const a = data(dtype, 7, 9);
    const out = k.map(bufOf(dtype, 7), a, 7, (x, i) => x * i);
    expectClose(
      out,
      Array.from(a, (x, i) => x * i),
      dtype,
    );
  });
});
