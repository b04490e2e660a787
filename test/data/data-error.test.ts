import { describe, expect, it } from "vitest";
import { DataError, DataNotFoundError } from "../../src/data/data-error.js";

describe("DataError", () => {
  it("names the file and the problem", () => {
    const e = new DataError("t10k-labels-idx1-ubyte", "label 12 at index 7 is above 9");
    expect(e.message).toBe("t10k-labels-idx1-ubyte: label 12 at index 7 is above 9");
    expect([e.name, e.file, e.problem]).toEqual([
      "DataError",
      "t10k-labels-idx1-ubyte",
      "label 12 at index 7 is above 9",
    ]);
    expect(e).toBeInstanceOf(Error);
  });

  it("has a not-found subclass that one catch of DataError also handles", () => {
    const e = new DataNotFoundError("/data", "MNIST not found");
    expect(e).toBeInstanceOf(DataError);
    expect(e.name).toBe("DataNotFoundError");
  });
});
