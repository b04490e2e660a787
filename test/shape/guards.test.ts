// The guards decide by the `kind` tag, so tensors from a second copy of the library (the CJS
// build beside the ESM one) are recognized too.
import { describe, expect, it } from "vitest";
import { isMatrix, isTransposed, isVector } from "../../src/shape/guards.js";
import { zeros, zerosVector } from "../../src/ops/create.js";

describe("isMatrix, isVector, isTransposed", () => {
  it("tell the kinds apart", () => {
    const m = zeros(2, 3),
      v = zerosVector(3);
    expect([isMatrix(m), isVector(m), isTransposed(m)]).toEqual([true, false, false]);
    expect([isMatrix(v), isVector(v), isTransposed(v)]).toEqual([false, true, false]);
    expect([isMatrix(m.T), isVector(m.T), isTransposed(m.T)]).toEqual([false, false, true]);
    for (const x of [null, undefined, 3, "matrix", [], {}])
      expect([isMatrix(x), isVector(x), isTransposed(x)]).toEqual([false, false, false]);
  });

  it("accept a structurally equal tensor from another class (another copy of the library)", () => {
    class Foreign {
      readonly kind = "matrix";
      readonly rows = 1;
      readonly cols = 1;
      readonly data = new Float32Array(1);
    }
    expect(isMatrix(new Foreign())).toBe(true);
  });
});
