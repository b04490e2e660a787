// Shared by the data tests: runs `f`, asserts it throws a DataError, and returns its message.
import { expect } from "vitest";
import { DataError } from "../../src/data/data-error.js";

export function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).message;
  }
  throw new Error("expected a DataError");
}
