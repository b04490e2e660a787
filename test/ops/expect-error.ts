// Asserts an error's class and its exact message: the text is part of the API.
import { expect } from "vitest";
import { ShapeError } from "../../src/shape/shape-error.js";

export function expectThrows(f: () => unknown, kind: new (...args: never[]) => Error, message: string): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${kind.name}: ${message}`).toBeInstanceOf(kind);
  expect((thrown as Error).message).toBe(message);
}

export function expectShapeError(f: () => unknown, message: string): void {
  expectThrows(f, ShapeError, message);
}
