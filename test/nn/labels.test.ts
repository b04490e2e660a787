import { describe, expect, it } from "vitest";
import { asLabels, dim } from "../../src/index.js";
import { checkLabels } from "../../src/nn/labels.js";

describe("asLabels", () => {
  it("returns the same array, typed by its batch", () => {
    const y = new Int32Array([1, 2, 0]);
    const batch = dim("batch", 3);
    expect(asLabels(y, batch)).toBe(y);
    expect(asLabels([1, 2, 0], 3, 3)).toEqual([1, 2, 0]);
  });
  it.each([
    [() => asLabels([1, 2], 3), "asLabels: 2 labels given but the batch size is 3"],
    [() => asLabels([1, 2, 3], 3, 3), "asLabels: label 3 at row 2 is not a class index in [0, 3)"],
    [() => asLabels(null as never, 3), "asLabels: labels must be an array-like of class indices"],
  ])("refuses %#", (f, msg) => {
    expect(f).toThrow(msg);
  });
});

describe("checkLabels", () => {
  it("accepts integer class indices of the right count", () => {
    expect(() => checkLabels("op", new Uint8Array([0, 9, 5]), 3, 10)).not.toThrow();
  });
  it.each([
    [[0, 1], 3, "op: 2 labels for 3 rows: they must match"],
    [[0, NaN, 1], 3, "op: label NaN at row 1 is not a class index in [0, 10)"],
    [[0, 1, 10], 3, "op: label 10 at row 2 is not a class index in [0, 10)"],
  ] as const)("refuses %j", (labels, rows, msg) => {
    expect(() => checkLabels("op", labels, rows, 10)).toThrow(msg);
  });
});
