import { describe, expect, it } from "vitest";
import {
  activationBackward,
  activationForward,
  fromTypedArray,
  relu,
  reluBackward,
  rng,
  sigmoid,
  sigmoidBackward,
  tanh,
  tanhBackward,
  zeros,
} from "../../src/index.js";
import { gradError, numericGradient, weightedSum } from "./helpers.js";

const g = rng(202);
const B = 5,
  N = 6;
// Inputs kept at least 0.05 from 0, so ReLU's kink is never inside the stencil (±2h = ±0.002).
const X = fromTypedArray(
  Float64Array.from({ length: B * N }, () => {
    const v = 2 * g.normal();
    return Math.abs(v) < 0.05 ? v + 0.1 * Math.sign(v || 1) : v;
  }),
  B,
  N,
);
const G = fromTypedArray(g.fillNormal(new Float64Array(B * N)) as Float64Array, B, N);

describe.each(["sigmoid", "relu", "tanh"] as const)("%s layer", (act) => {
  it("matches central finite differences (float64, random upstream)", () => {
    const f = () => weightedSum(G.data, activationForward(act, X).out.data);
    const dX = activationBackward(G, activationForward(act, X).cache);
    expect(gradError(dX.data, numericGradient(f, X.data))).toBeLessThan(1e-6);
  });
  it("computes the function", () => {
    const ref = {
      sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
      relu: (x: number) => Math.max(x, 0),
      tanh: Math.tanh,
    }[act];
    const { out, cache } = activationForward(act, X);
    out.data.forEach((y, i) => expect(y).toBeCloseTo(ref(X.data[i]!), 14));
    expect(cache.activation).toBe(act);
    expect(cache.out).toBe(out);
  });
  it("backward may write in place over dOut", () => {
    const { cache } = activationForward(act, X);
    const d = fromTypedArray(Float64Array.from(G.data), B, N);
    const want = activationBackward(G, cache);
    expect(activationBackward(d, cache, d).data).toEqual(want.data);
  });
});

describe("the layer is the ops", () => {
  it("activationForward / activationBackward give the named ops' bits", () => {
    const ops = {
      sigmoid: [sigmoid, sigmoidBackward],
      relu: [relu, reluBackward],
      tanh: [tanh, tanhBackward],
    } as const;
    for (const act of ["sigmoid", "relu", "tanh"] as const) {
      const [f, back] = ops[act];
      const { out, cache } = activationForward(act, X);
      expect(out.data).toEqual(f(X).data);
      expect(activationBackward(G, cache).data).toEqual(back(G, f(X)).data);
    }
  });
  it("sigmoid is stable for large |x|", () => {
    const big = fromTypedArray(Float64Array.from([-1000, -40, 0, 40, 1000]), 1, 5);
    const y = activationForward("sigmoid", big).out.data;
    expect([y[0], y[2], y[4]]).toEqual([0, 0.5, 1]);
    expect(Math.abs(y[1]! / (1 / (1 + Math.exp(40))) - 1)).toBeLessThan(1e-15);
    expect(y[3]).toBe(1 / (1 + Math.exp(-40)));
  });
  it("refuses unknown activations and mismatched shapes", () => {
    expect(() => activationForward("gelu" as never, X)).toThrow(
      'activationForward: activation must be one of "sigmoid", "relu", "tanh", got "gelu"',
    );
    const { cache } = activationForward("sigmoid", X);
    expect(() => activationBackward(zeros(5, 5, "f64") as never, cache)).toThrow(
      "activationBackward: dOut is [5, 5] but the layer's output is [5, 6]",
    );
  });
});
