// Activation kernels against their formulas, including the far tails where a naive sigmoid
// would overflow, and their backward kernels against central differences of the forward.
import { describe, expect, it } from "vitest";
import * as k from "../../src/kernels/activation.js";
import type { Buf, DType } from "../../src/shape/dtype.js";
import { bufOf, DTYPES, expectClose, gen, randomGrid, refSigmoid, toBuf } from "./reference.js";

function data(dtype: DType, seed: number): Buf {
  const row = randomGrid(gen(seed), 1, 33, dtype, 4)[0]!;
  return toBuf([[...row, 0, -0, 1e4, -1e4, 800, -800, 40, -40]], dtype);
}

describe.each(DTYPES)("activation kernels (%s)", (dtype) => {
  it("sigmoid is 1 / (1 + e^-x) everywhere, finite in both tails", () => {
    const a = data(dtype, 1);
    const out = k.sigmoid(bufOf(dtype, a.length), a, a.length);
    expectClose(out, Array.from(a, refSigmoid), dtype);
    expect(out[a.length - 5]).toBe(0); // sigmoid(-800): e^-800 underflows to 0, not NaN
    expect(out[a.length - 6]).toBe(1);
  });

  it("relu and tanh", () => {
    const a = data(dtype, 2);
    expectClose(k.relu(bufOf(dtype, a.length), a, a.length), Array.from(a, (x) => (x > 0 ? x : 0)), dtype);
    expectClose(k.tanh(bufOf(dtype, a.length), a, a.length), Array.from(a, Math.tanh), dtype);
  });

  it("backward kernels match dOut times a central difference of the forward", () => {
    const a = toBuf(randomGrid(gen(3), 1, 13, "f64"), "f64");
    const dOut = toBuf(randomGrid(gen(4), 1, 13, dtype), dtype);
    const h = 1e-6;
    const numeric = (f: (x: number) => number) => Array.from(a, (x, i) => dOut[i]! * ((f(x + h) - f(x - h)) / (2 * h)));
    const x = toBuf([Array.from(a)], dtype);
    const y = k.sigmoid(bufOf(dtype, 13), x, 13);
    // Differences in float64 are good to ~1e-9: compare at 1e-6 whatever the dtype.
    expectClose(k.sigmoidBackward(bufOf(dtype, 13), dOut, y, 13), numeric(refSigmoid), dtype, undefined, 1e-5);
    const t = k.tanh(bufOf(dtype, 13), x, 13);
    expectClose(k.tanhBackward(bufOf(dtype, 13), dOut, t, 13), numeric(Math.tanh), dtype, undefined, 1e-5);
    expectClose(k.reluBackward(bufOf(dtype, 13), dOut, x, 13), Array.from(x, (v, i) => (v > 0 ? dOut[i]! : 0)), dtype);
  });

  it("relu's subgradient at 0 is 0", () => {
    const out = k.reluBackward(bufOf(dtype, 2), toBuf([[5, 5]], dtype), toBuf([[0, -0]], dtype), 2);
    expect(Array.from(out)).toEqual([0, 0]);
  });

  it("run in place", () => {
    const a = data(dtype, 5);
    const expected = Array.from(a, refSigmoid);
    k.sigmoid(a, a, a.length);
    expectClose(a, expected, dtype);
  });
});
