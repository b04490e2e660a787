// allClose follows NumPy's |a - b| <= atol + rtol·|b|, with shapes compared first.
import { describe, expect, it } from "vitest";
import { allClose } from "../../src/ops/compare.js";
import { fromArray, vectorFromArray, zeros } from "../../src/ops/create.js";
import { expectThrows } from "./expect-error.js";

describe("allClose", () => {
  it("uses NumPy's tolerance rule and defaults", () => {
    const a = vectorFromArray([1, 100], "f64");
    expect(allClose(a, vectorFromArray([1 + 1e-6, 100.0009], "f64"))).toBe(true);
    expect(allClose(a, vectorFromArray([1 + 2e-5, 100], "f64"))).toBe(false);
    expect(allClose(a, vectorFromArray([1.1, 100], "f64"), 0.1)).toBe(true);
    expect(allClose(vectorFromArray([0], "f64"), vectorFromArray([1e-9], "f64"))).toBe(true); // atol 1e-8
    expect(allClose(vectorFromArray([0], "f64"), vectorFromArray([1e-9], "f64"), 0, 0)).toBe(false);
  });

  it("treats NaN as unequal and infinities as equal to themselves", () => {
    expect(allClose(vectorFromArray([NaN]), vectorFromArray([NaN]))).toBe(false);
    expect(allClose(vectorFromArray([Infinity]), vectorFromArray([Infinity]))).toBe(true);
    expect(allClose(vectorFromArray([Infinity]), vectorFromArray([-Infinity]))).toBe(false);
  });

  it("is false for different shapes or kinds, whatever the data", () => {
    expect(allClose(zeros(2, 3), zeros(3, 2) as never)).toBe(false);
    expect(allClose(zeros(1, 2), vectorFromArray([0, 0]) as never)).toBe(false);
    expect(allClose(fromArray([[1, 2]]), fromArray([[1, 2]], "f64") as never)).toBe(true); // values compare across dtypes
    expectThrows(() => allClose(1 as never, 2 as never), TypeError, "allClose: expected matrices or vectors");
  });
});
