import { describe, expect, it } from "vitest";
import { activationBackward, activationForward, fromTypedArray, rng } from "../../src/index.js";
import { activationBiasBackward, activationGradInPlace, biasActivation, biasActivationLoop } from "../../src/nn/fused.js";
import { sumAxis0 } from "../../src/kernels/reduce.js";
import { allocResident, freeResident } from "../../src/kernels/wasm/gemm-wasm.js";

const g = rng(505);
const R = 3, C = 4;
const A = Float64Array.from({ length: R * C }, () => 3 * g.normal());
const b = Float64Array.from({ length: C }, () => g.normal());
const D = Float64Array.from({ length: R * C }, () => g.normal());

describe.each(["sigmoid", "relu", "tanh"] as const)("%s", (act) => {
  it("biasActivation equals a bias add then the activation layer", () => {
    const withBias = Float64Array.from(A, (x, i) => x + b[i % C]!);
    const want = activationForward(act, fromTypedArray(withBias, R, C)).out.data;
    const z = Float64Array.from(A);
    biasActivation(z, b, R, C, act);
    expect(z).toEqual(want);
  });
  it("activationGradInPlace equals activationBackward", () => {
    const { out, cache } = activationForward(act, fromTypedArray(Float64Array.from(A), R, C));
    const want = activationBackward(fromTypedArray(Float64Array.from(D), R, C), cache).data;
    const d = Float64Array.from(D);
    activationGradInPlace(d, out.data, R * C, act);
    expect(d).toEqual(want);
  });
  it("activationBiasBackward equals activationGradInPlace then sumAxis0 (float64: the loops)", () => {
    const y = activationForward(act, fromTypedArray(Float64Array.from(A), R, C)).out.data;
    const want = Float64Array.from(D), wantDb = new Float64Array(C);
    activationGradInPlace(want, y, R * C, act);
    sumAxis0(wantDb, want, R, C);
    const d = Float64Array.from(D), db = new Float64Array(C);
    activationBiasBackward(d, y, db, R, C, act);
    expect(d).toEqual(want);
    expect(db).toEqual(wantDb);
  });
});

describe("float32 sigmoid in wasm memory (the trainers' workspaces)", () => {
  it("biasActivation stays within 2 float32 ulps of the TS loop", () => {
    const z = allocResident("f32", R * C)!;
    z.set(A);
    const loop = Float32Array.from(A), b32 = Float32Array.from(b);
    biasActivation(z, b32, R, C, "sigmoid");
    biasActivationLoop(loop, b32, R, C, "sigmoid");
    for (let i = 0; i < R * C; i++) expect(Math.abs(z[i]! - loop[i]!)).toBeLessThanOrEqual(2 * 2 ** -24 * Math.max(loop[i]!, 2 ** -10));
    freeResident(z);
  });
  it("activationBiasBackward's db is sumAxis0 of its d, bit for bit", () => {
    const d = allocResident("f32", R * C)!, y = allocResident("f32", R * C)!;
    d.set(D);
    y.set(Float32Array.from(A, (x) => 1 / (1 + Math.exp(-x))));
    const db = new Float32Array(C), want = new Float32Array(C);
    activationBiasBackward(d, y, db, R, C, "sigmoid");
    sumAxis0(want, d, R, C);
    expect(db).toEqual(want);
    freeResident(d);
    freeResident(y);
  });
});
