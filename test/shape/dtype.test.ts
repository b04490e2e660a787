// allocate is the one place tensor storage is made, and counts itself.
import { describe, expect, it } from "vitest";
import { allocate, allocationCount, dtypeOf, isDType } from "../../src/shape/dtype.js";

describe("dtype helpers", () => {
  it("allocate zeroed storage of the dtype and count each call", () => {
    const before = allocationCount.n;
    const a = allocate("f32", 3),
      b = allocate("f64", 2);
    expect(allocationCount.n - before).toBe(2);
    expect([a.constructor, Array.from(a)]).toEqual([Float32Array, [0, 0, 0]]);
    expect([b.constructor, Array.from(b)]).toEqual([Float64Array, [0, 0]]);
  });

  it("name dtypes", () => {
    expect([dtypeOf(new Float32Array(1)), dtypeOf(new Float64Array(1))]).toEqual(["f32", "f64"]);
    expect([isDType("f32"), isDType("f64"), isDType("f16"), isDType(undefined)]).toEqual([true, true, false, false]);
  });
});
