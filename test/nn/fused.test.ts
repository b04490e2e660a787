import { describe, expect, it } from "vitest";
import { activationBackward, activationForward, fromTypedArray, rng } from "../../src/index.js";
import { activationGradInPlace, biasActivation } from "../../src/nn/fused.js";

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
});
