import { describe, expect, it } from "vitest";
import { asLabels, dim, takeLabels } from "../../src/index.js";
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

describe("checkLabels at indices (a trainer's gathered batch)", () => {
  it("checks only the labels at the indices, naming the row", () => {
    const y = [0, 99, 2, 1];
    expect(() => checkLabels("op", y, 4, 3, [0, 2, 3, 0])).not.toThrow();
    expect(() => checkLabels("op", y, 4, 3, [2, 1])).toThrow("op: label 99 at row 1 is not a class index in [0, 3)");
  });
});

describe("takeLabels", () => {
  it("gathers the labels at the indices, in order, repeats allowed, into out when given", () => {
    const y = new Uint8Array([3, 1, 4, 1, 5]);
    expect(Array.from(takeLabels(y, [4, 0, 4]))).toEqual([5, 3, 5]);
    const out = new Int32Array(2);
    expect(takeLabels(y, new Int32Array([2, 1]), 2, out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 1]);
  });
  it.each([
    [() => takeLabels([1, 2], [0, 2]), RangeError, "takeLabels: index 2 at position 1 is out of range for 2 labels"],
    [
      () => takeLabels([1, 2], [0, 1.5]),
      RangeError,
      "takeLabels: index 1.5 at position 1 is out of range for 2 labels",
    ],
    [() => takeLabels([1, 2], [0, 1], 3), Error, "takeLabels: 2 indices given but the batch size is 3"],
    [
      () => takeLabels([1, 2], [0, 1], 2, new Int32Array(3)),
      Error,
      "takeLabels: out has 3 entries but there are 2 indices",
    ],
    [() => takeLabels(null as never, [0]), TypeError, "takeLabels: labels must be an array-like of class indices"],
  ] as const)("refuses %#", (f, kind, msg) => {
    expect(f).toThrow(kind);
    expect(f).toThrow(msg);
  });
});
