import { describe, expect, it } from "vitest";
import { main } from "../../examples/01-shapes.js";

describe("examples/01-shapes", () => {
  it("runs and prints the shapes and the run-time ShapeError", () => {
    const lines: string[] = [];
    main((l) => lines.push(l), 32);
    expect(lines).toEqual([
      "h 100x50, dW 784x50, db 50",
      "batch of 32 rows",
      "loaded 50 features",
      "ShapeError: dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)",
    ]);
  });
});
