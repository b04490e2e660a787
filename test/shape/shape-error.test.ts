// ShapeError carries the op and prefixes it to the message.
import { describe, expect, it } from "vitest";
import { fmtShape, ShapeError } from "../../src/shape/shape-error.js";

describe("ShapeError", () => {
  it("is an Error named ShapeError whose message starts with the op", () => {
    const e = new ShapeError("dot", "[100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)");
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.op, e.message]).toEqual([
      "ShapeError",
      "dot",
      "dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)",
    ]);
    expect(String(e)).toBe("ShapeError: dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)");
  });

  it("formats shapes as [rows, cols] or [size]", () => {
    expect(fmtShape({ rows: 100, cols: 784 })).toBe("[100, 784]");
    expect(fmtShape({ size: 10 })).toBe("[10]");
  });
});
