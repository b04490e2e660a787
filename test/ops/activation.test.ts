// Activation ops and their backward against formulas and central differences, both dtypes,
// every shape over SIZES; a backward given another layer's cache is refused.
import { describe, expect, it } from "vitest";
import {
  sigmoid,
  sigmoidBackward,
  sigmoidGrad,
  relu,
  reluBackward,
  reluGrad,
  tanh,
  tanhBackward,
  tanhGrad,
} from "../../src/ops/activation.js";
import { fromArray, fromTypedArray, vectorFromArray, zeros } from "../../src/ops/create.js";
import type { DType } from "../../src/shape/dtype.js";
import { Column } from "../../src/shape/tensor.js";
import { DTYPES, expectClose, flat, gen, randomGrid, refSigmoid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";

const dSigmoid = (x: number) => refSigmoid(x) * (1 - refSigmoid(x));
const dTanh = (x: number) => 1 - Math.tanh(x) ** 2;

describe.each(DTYPES)("activations (%s)", (dtype) => {
  it("forward, grad and backward match the formulas for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 50 + c);
      const x = randomGrid(g, r, c, dtype, 3),
        d = randomGrid(g, r, c, dtype);
      const X = fromTypedArray(toBuf(x, dtype, c), r, c),
        D = fromTypedArray(toBuf(d, dtype, c), r, c);
      const xs = flat(x),
        ds = flat(d);
      expectClose(sigmoid(X).data, xs.map(refSigmoid), dtype);
      expectClose(
        relu(X).data,
        xs.map((v) => Math.max(v, 0)),
        dtype,
      );
      expectClose(tanh(X).data, xs.map(Math.tanh), dtype);
      expectClose(
        sigmoidGrad(X).data,
        xs.map(dSigmoid),
        dtype,
        xs.map(() => 1),
      );
      expectClose(
        tanhGrad(X).data,
        xs.map(dTanh),
        dtype,
        xs.map(() => 1),
      );
      expectClose(
        reluGrad(X).data,
        xs.map((v) => (v > 0 ? 1 : 0)),
        dtype,
      );
      // Backward from the forward's cache: y for sigmoid and tanh, x for relu.
      expectClose(
        sigmoidBackward(D, sigmoid(X)).data,
        ds.map((v, i) => v * dSigmoid(xs[i]!)),
        dtype,
        ds.map(Math.abs),
      );
      expectClose(
        tanhBackward(D, tanh(X)).data,
        ds.map((v, i) => v * dTanh(xs[i]!)),
        dtype,
        ds.map(Math.abs),
      );
      expectClose(
        reluBackward(D, X).data,
        ds.map((v, i) => (xs[i]! > 0 ? v : 0)),
        dtype,
      );
    }
  });

  it("backward agrees with central differences of the forward (float64 oracle)", () => {
    const x = randomGrid(gen(5), 1, 13, "f64", 2)[0]!,
      d = randomGrid(gen(6), 1, 13, "f64")[0]!;
    const h = 1e-6;
    const numeric = (f: (v: number) => number) => x.map((v, i) => (d[i]! * (f(v + h) - f(v - h))) / (2 * h));
    const X = fromArray([x], dtype),
      D = fromArray([d], dtype);
    // X holds x rounded to the dtype, so agreement is relative to |dOut| (the derivatives are <= 1).
    const scale = d.map(Math.abs);
    expectClose(sigmoidBackward(D, sigmoid(X)).data, numeric(refSigmoid), dtype, scale, 1e-5);
    expectClose(tanhBackward(D, tanh(X)).data, numeric(Math.tanh), dtype, scale, 1e-5);
  });

  it("stay finite for large inputs and work in place", () => {
    const X = fromArray([[1e4, -1e4, 800, -800]], dtype);
    expect(sigmoid(X).toArray()).toEqual([[1, 0, 1, 0]]);
    expect(tanh(X).toArray()).toEqual([[1, -1, 1, -1]]);
    expect(sigmoid(X, X)).toBe(X);
    expect(X.toArray()).toEqual([[1, 0, 1, 0]]);
    const v = vectorFromArray([-1, 2], dtype);
    expect(relu(v, v).toArray()).toEqual([0, 2]);
    const d = fromArray([[2, 3]], dtype);
    expect(reluBackward(d, fromArray([[1, -1]], dtype), d)).toBe(d); // out === dOut
    expect(d.toArray()).toEqual([[2, 0]]);
  });
});

describe("activation run-time checks", () => {
  it("refuse another layer's cache, mixed dtypes and a wrong `out`", () => {
    expectShapeError(
      () => sigmoidBackward(zeros(100, 50), zeros(100, 10) as never),
      "sigmoidBackward: [100, 50] and [100, 10]: shapes must be equal",
    );
    expectShapeError(
      () => reluBackward(zeros(2, 3), zeros(3, 2) as never),
      "reluBackward: [2, 3] and [3, 2]: shapes must be equal",
    );
    expectShapeError(
      () => tanhBackward(zeros(1, 3), vectorFromArray([1, 2, 3]) as never),
      "tanhBackward: [1, 3] and [3]: shapes must be equal",
    );
    expectShapeError(
      () => tanhBackward(zeros(2, 2), zeros(2, 2, "f64") as never),
      "tanhBackward: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectShapeError(() => relu(zeros(2, 2), zeros(2, 3) as never), "relu: out is [2, 3] but the result is [2, 2]");
    expectThrows(
      () => sigmoidBackward(zeros(1, 1), null as never),
      TypeError,
      "sigmoidBackward: expected a Matrix, a Vector or a Column as the forward's output",
    );
  });
});

describe("activations on a column", () => {
  it("run forward and backward on a Column like on a Vector", () => {
    const c = new Column<3, "f64">(new Float64Array([-1, 0, 2]), 3);
    const y = sigmoid(c);
    expect(y).toBeInstanceOf(Column);
    const d = sigmoidBackward(new Column<3, "f64">(new Float64Array([1, 1, 1]), 3), y);
    expect(Array.from(d.data)).toEqual(Array.from(y.data).map((s) => s * (1 - s)));
    expect(Array.from(reluBackward(new Column<3, "f64">(new Float64Array([1, 1, 1]), 3), relu(c)).data)).toEqual([
      0, 0, 1,
    ]);
  });
});
