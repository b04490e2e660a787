// abs, pow, clip and select against Math, both dtypes, in place.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/pointwise.js";
import { bufOf, DTYPES, gen, randomGrid, toBuf } from "./reference.js";

describe.each(DTYPES)("pointwise kernels (%s)", (dtype) => {
  const round = dtype === "f32" ? Math.fround : Number;
  it("match Math element by element", () => {
    const xs = randomGrid(gen(5), 1, 97, dtype)[0]!;
    const X = toBuf([xs], dtype);
    const n = xs.length;
    expect(Array.from(k.abs(bufOf(dtype, n), X, n))).toEqual(xs.map(Math.abs));
    expect(Array.from(k.pow(bufOf(dtype, n), X, 2, n))).toEqual(xs.map((x) => round(x * x)));
    expect(Array.from(k.pow(bufOf(dtype, n), X, 3, n))).toEqual(xs.map((x) => round(x ** 3)));
    expect(Array.from(k.clip(bufOf(dtype, n), X, -0.3, 0.7, n))).toEqual(
      xs.map((x) => round(Math.min(Math.max(x, -0.3), 0.7))),
    );
    const mask = toBuf([xs.map((x) => +(x > 0))], dtype);
    expect(Array.from(k.select(bufOf(dtype, n), mask, X, 0, n))).toEqual(xs.map((x) => (x > 0 ? x : 0)));
    expect(Array.from(k.select(bufOf(dtype, n), mask, 1, X, n))).toEqual(xs.map((x) => (x > 0 ? 1 : x)));
    const inPlace = toBuf([xs], dtype);
    k.abs(inPlace, inPlace, n);
    expect(Array.from(inPlace)).toEqual(xs.map(Math.abs));
  });
});
