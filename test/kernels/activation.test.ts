// The activation table: each entry's forward against its formula (including the far tails where
// a naive sigmoid would overflow), its derivative and backward against central differences of
// the forward, read from the output y, and its fused bias loops against the unfused ones.
import { afterEach, describe, expect, it } from "vitest";
import { ACTIVATIONS, type ActivationName } from "../../src/kernels/activation.js";
import { sumAxis0 } from "../../src/kernels/reduce.js";
import { kernelFamily, setKernelFamily } from "../../src/kernels/settings.js";
import { allocResident, freeResident } from "../../src/kernels/wasm/gemm-wasm.js";
import type { Buf, DType } from "../../src/shape/dtype.js";
import { bufOf, DTYPES, expectClose, gen, randomGrid, refSigmoid, toBuf } from "./reference.js";

const initial = kernelFamily();
afterEach(() => void setKernelFamily(initial));

const NAMES = Object.keys(ACTIVATIONS) as ActivationName[];
const REF: Record<ActivationName, (x: number) => number> = {
  sigmoid: refSigmoid,
  relu: (x) => (x > 0 ? x : 0),
  tanh: Math.tanh,
};

function data(dtype: DType, seed: number): Buf {
  const row = randomGrid(gen(seed), 1, 33, dtype, 4)[0]!;
  return toBuf([[...row, 0, -0, 1e4, -1e4, 800, -800, 40, -40]], dtype);
}

it("the table holds exactly the activations the API names", () => {
  expect(NAMES).toEqual(["sigmoid", "relu", "tanh"]);
});

describe.each(DTYPES)("activation table (%s)", (dtype) => {
  it.each(NAMES)("%s: forward is the formula everywhere, finite in both tails, and runs in place", (name) => {
    const a = data(dtype, 1);
    const out = bufOf(dtype, a.length);
    ACTIVATIONS[name].forward(out, a, a.length);
    expectClose(out, Array.from(a, REF[name]), dtype);
    expect(out.every((v) => !Number.isNaN(v))).toBe(true);
    const inPlace = a.slice();
    ACTIVATIONS[name].forward(inPlace, inPlace, a.length);
    expect(inPlace).toEqual(out);
  });

  it("sigmoid(-800) underflows to 0 and sigmoid(800) is 1, not NaN", () => {
    const a = data(dtype, 1);
    const out = bufOf(dtype, a.length);
    ACTIVATIONS.sigmoid.forward(out, a, a.length);
    expect(out[a.length - 3]).toBe(0);
    expect(out[a.length - 4]).toBe(1);
  });

  it.each(NAMES)(
    "%s: derivative and backward, from y, match dOut times a central difference of the forward",
    (name) => {
      const x64 = toBuf(randomGrid(gen(3), 1, 13, "f64"), "f64");
      const dOut = toBuf(randomGrid(gen(4), 1, 13, dtype), dtype);
      const h = 1e-6,
        f = REF[name];
      const slope = Array.from(x64, (x) => (f(x + h) - f(x - h)) / (2 * h));
      const x = toBuf([Array.from(x64)], dtype);
      const y = bufOf(dtype, 13);
      ACTIVATIONS[name].forward(y, x, 13);
      const d = bufOf(dtype, 13),
        back = bufOf(dtype, 13);
      ACTIVATIONS[name].derivative(d, y, 13);
      ACTIVATIONS[name].backward(back, dOut, y, 13);
      // Differences in float64 are good to ~1e-9: compare at 1e-5 whatever the dtype.
      expectClose(d, slope, dtype, undefined, 1e-5);
      expectClose(
        back,
        slope.map((s, i) => dOut[i]! * s),
        dtype,
        undefined,
        1e-5,
      );
    },
  );

  it("relu's subgradient at 0 is 0 (y = relu(±0) = 0)", () => {
    const out = bufOf(dtype, 2);
    ACTIVATIONS.relu.backward(out, toBuf([[5, 5]], dtype), toBuf([[0, -0]], dtype), 2);
    expect(Array.from(out)).toEqual([0, 0]);
  });
});

describe.each(NAMES)("%s: the fused bias loops (float64: the TS loops)", (name) => {
  const g = gen(505);
  const R = 3,
    C = 4;
  const A = Float64Array.from({ length: R * C }, () => 3 * g.normal());
  const b = Float64Array.from({ length: C }, () => g.normal());
  const D = Float64Array.from({ length: R * C }, () => g.normal());
  it.each(DTYPES)("biasForward equals a bias add then forward, bit for bit (%s, TS loops)", (dtype) => {
    setKernelFamily("js");
    const make = (src: ArrayLike<number>) => (dtype === "f64" ? Float64Array.from(src) : Float32Array.from(src));
    const bb = make(b);
    const want = make(A);
    for (let i = 0; i < R * C; i++) want[i] = want[i]! + bb[i % C]!;
    ACTIVATIONS[name].forward(want, want, R * C);
    const z = make(A);
    ACTIVATIONS[name].biasForward(z, bb, R, C);
    expect(z).toEqual(want);
  });
  it("biasBackward equals backward in place then the column sums, bit for bit", () => {
    const y = Float64Array.from(A);
    ACTIVATIONS[name].forward(y, y, R * C);
    const want = Float64Array.from(D),
      wantDb = new Float64Array(C);
    ACTIVATIONS[name].backward(want, want, y, R * C);
    sumAxis0(wantDb, want, R, C);
    const d = Float64Array.from(D),
      db = new Float64Array(C);
    ACTIVATIONS[name].biasBackward(d, y, db, R, C);
    expect(d).toEqual(want);
    expect(db).toEqual(wantDb);
  });
});

describe("sigmoid's wasm variants (float32, in wasm memory as the trainers' workspaces are)", () => {
  const g = gen(506);
  const R = 3,
    C = 4;
  const A = Float32Array.from({ length: R * C }, () => 3 * g.normal());
  const b = Float32Array.from({ length: C }, () => g.normal());
  it("biasForward stays within 2 float32 ulps of the TS loop", () => {
    setKernelFamily("js");
    const loop = Float32Array.from(A);
    ACTIVATIONS.sigmoid.biasForward(loop, b, R, C);
    setKernelFamily("auto");
    const z = allocResident("f32", R * C)!;
    z.set(A);
    ACTIVATIONS.sigmoid.biasForward(z, b, R, C);
    for (let i = 0; i < R * C; i++)
      expect(Math.abs(z[i]! - loop[i]!)).toBeLessThanOrEqual(2 * 2 ** -24 * Math.max(loop[i]!, 2 ** -10));
    // The wasm variant really ran: its SIMD exp differs from Math.exp somewhere.
    expect(Array.from(z)).not.toEqual(Array.from(loop));
    freeResident(z);
  });
  it("biasBackward's db is sumAxis0 of its d, bit for bit", () => {
    const d = allocResident("f32", R * C)!,
      y = allocResident("f32", R * C)!;
    d.set(A);
    y.set(Float32Array.from(A, (x) => 1 / (1 + Math.exp(-x))));
    const db = new Float32Array(C),
      want = new Float32Array(C);
    ACTIVATIONS.sigmoid.biasBackward(d, y, db, R, C);
    sumAxis0(want, d, R, C);
    expect(db).toEqual(want);
    freeResident(d);
    freeResident(y);
  });
});
