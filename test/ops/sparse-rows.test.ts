// sparseRows (src/ops/sparse-rows.ts): a compressed snapshot of a matrix's rows, typed like it.
import { describe, expect, it } from "vitest";
import { Matrix, isSparseRows, sparseRows, zeros } from "../../src/index.js";
import { csrOf } from "../../src/ops/sparse-rows.js";
import { rng } from "../../src/random/rng.js";
import { mostlyZeros } from "../nn/helpers.js";

describe("sparseRows", () => {
  it("has X's shape and dtype, counts its nonzeros, and gives X back", () => {
    for (const dtype of ["f32", "f64"] as const) {
      const X = mostlyZeros(rng(1), 300, 57, dtype);
      X.data[5] = NaN;
      const S = sparseRows(X);
      expect([S.kind, S.rows, S.cols, S.dtype]).toEqual(["sparse-rows", 300, 57, dtype]);
      let nnz = 0;
      for (const v of X.data) if (v !== 0) nnz++;
      expect(S.nnz).toBe(nnz);
      const back = S.toDense();
      expect(back).toBeInstanceOf(Matrix);
      expect([back.rows, back.cols, back.dtype]).toEqual([300, 57, dtype]);
      expect(Array.from(back.data)).toEqual(Array.from(X.data));
      expect(String(S)).toBe(`SparseRows [300, 57] ${dtype}, ${nnz} nonzeros`);
    }
  });

  it("is a snapshot: writing X afterwards changes neither it nor its dense copy", () => {
    const X = zeros(3, 4);
    X.set(1, 2, 5);
    const S = sparseRows(X);
    X.set(1, 2, 7).set(0, 0, 1);
    expect(S.toDense().toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 5, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("stores -0 as nothing (the lister's test), so -0 comes back as +0", () => {
    const S = sparseRows(new Matrix(Float32Array.from([-0, 1]), 1, 2));
    expect(S.nnz).toBe(1);
    expect(Object.is(S.toDense().data[0], 0)).toBe(true);
  });

  it("keeps its arrays private, in shared memory where the platform has it", () => {
    const S = sparseRows(zeros(2, 3));
    expect(Object.keys(S).sort()).toEqual(["cols", "dtype", "kind", "nnz", "rows"]);
    expect(csrOf(S).ptr.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("is recognized by isSparseRows, and refuses what is not a Matrix", () => {
    expect(isSparseRows(sparseRows(zeros(1, 1)))).toBe(true);
    expect(isSparseRows(zeros(1, 1))).toBe(false);
    expect(isSparseRows({ kind: "sparse-rows", rows: 1, cols: 1, dtype: "f32", nnz: 0 })).toBe(false);
    expect(isSparseRows(null)).toBe(false);
    expect(() => sparseRows({} as never)).toThrow(new TypeError("sparseRows: X must be a Matrix"));
    expect(() => csrOf({ kind: "sparse-rows" } as never)).toThrow(new TypeError("expected rows made by sparseRows()"));
  });

  it("handles no rows and rows with no nonzeros", () => {
    const empty = sparseRows(zeros(0, 5));
    expect([empty.rows, empty.nnz]).toEqual([0, 0]);
    expect(empty.toDense().data.length).toBe(0);
    expect(sparseRows(zeros(4, 6)).nnz).toBe(0);
  });
});
