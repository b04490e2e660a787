import { describe, expect, it } from "vitest";
import { dim } from "../../src/shape/dim.js";

describe("dim", () => {
  it("returns the checked size", () => {
    expect(dim("batch", 100)).toBe(100);
    expect(dim("empty", 0)).toBe(0);
  });
  it.each([
    [-1, 'dim("batch") must not be negative, got -1'],
    [1.5, 'dim("batch") must be a whole number, got 1.5'],
    [NaN, 'dim("batch") must be a whole number, got NaN'],
    [Infinity, 'dim("batch") must be finite, got Infinity'],
  ])("refuses %s", (n, msg) => {
    expect(() => dim("batch", n)).toThrow(msg);
  });
});
