// getRow/getCol/sliceRows/sliceCols against index arithmetic on nested arrays, both dtypes,
// every shape over SIZES; rows are views (writes show through), columns copies; the set
// functions write exactly the part they name; every refusal by exact message.
import { describe, expect, it } from "vitest";
import { getCol, getRow, setCol, setCols, setRow, setRows, sliceCols, sliceRows } from "../../src/ops/slice.js";
import { fromArray, fromTypedArray, ones, vectorFromArray, zeros, zerosVector } from "../../src/ops/create.js";
import { toColumn } from "../../src/ops/reshape.js";
import { Column, Matrix, Vector } from "../../src/shape/tensor.js";
import { DTYPES, flat, gen, randomGrid, shapes2, toBuf } from "../kernels/reference.js";
import { expectShapeError, expectThrows } from "./expect-error.js";
import { getColBackward, getRowBackward, sliceColsBackward, sliceRowsBackward } from "../../src/ops/slice.js";
import { onesVector } from "../../src/ops/create.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randMatrix } from "./backward-oracle.js";

const any = (x: unknown) => x as never;

describe.each(DTYPES)("slices (%s)", (dtype) => {
  it("match the nested-array reference for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 31 + c), r, c, dtype);
      const A = fromTypedArray(toBuf(a, dtype, c), r, c);
      for (let i = 0; i < r; i++) {
        const row = getRow(A, i);
        expect(row).toBeInstanceOf(Vector);
        expect([row.size, row.dtype]).toEqual([c, dtype]);
        expect(row.toArray()).toEqual(a[i]);
      }
      for (let j = 0; j < c; j++) {
        const col = getCol(A, j);
        expect(col).toBeInstanceOf(Column);
        expect(col.toArray()).toEqual(a.map((row) => row[j]));
      }
      const [s, e] = [Math.floor(r / 3), r - Math.floor(r / 4)];
      const rows = sliceRows(A, s, e);
      expect([rows.rows, rows.cols, rows.dtype]).toEqual([e - s, c, dtype]);
      expect(Array.from(rows.data)).toEqual(flat(a.slice(s, e)));
      const [cs, ce] = [Math.floor(c / 3), c - Math.floor(c / 4)];
      const cols = sliceCols(A, cs, ce);
      expect([cols.rows, cols.cols]).toEqual([r, ce - cs]);
      expect(cols.toArray()).toEqual(a.map((row) => row.slice(cs, ce)));
    }
  });

  it("views rows (writes show through) and copies columns", () => {
    const m = fromArray(
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      dtype,
    );
    getRow(m, 1).set(0, 40);
    sliceRows(m, 2, 3).set(0, 2, 90);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [40, 5, 6],
      [7, 8, 90],
    ]);
    getCol(m, 0).set(0, -1);
    sliceCols(m, 0, 2).set(0, 0, -1);
    expect(m.get(0, 0)).toBe(1);
    expect(sliceRows(m, 1, 1).rows).toBe(0);
  });

  it("set rows, columns and ranges from tensors or numbers", () => {
    const m = zeros(3, 4, dtype);
    expect(setRow(m, 0, vectorFromArray([1, 2, 3, 4], dtype))).toBe(m);
    setRow(m, 2, 7);
    setCol(m, 3, toColumn(vectorFromArray([10, 20, 30], dtype)));
    expect(m.toArray()).toEqual([
      [1, 2, 3, 10],
      [0, 0, 0, 20],
      [7, 7, 7, 30],
    ]);
    setCol(m, 0, -1);
    expect(getCol(m, 0).toArray()).toEqual([-1, -1, -1]);
    const n = zeros(4, 3, dtype);
    setRows(
      n,
      1,
      fromArray(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        dtype,
      ),
    );
    expect(n.toArray()).toEqual([
      [0, 0, 0],
      [1, 2, 3],
      [4, 5, 6],
      [0, 0, 0],
    ]);
    setCols(
      n,
      1,
      fromArray(
        [
          [9, 8],
          [7, 6],
          [5, 4],
          [3, 2],
        ],
        dtype,
      ),
    );
    expect(n.toArray()).toEqual([
      [0, 9, 8],
      [1, 7, 6],
      [4, 5, 4],
      [0, 3, 2],
    ]);
    // A source that overlaps the target is read before it is written.
    const o = fromArray(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      dtype,
    );
    setCols(o, 1, sliceCols(o, 0, 2) as Matrix<2, number, typeof dtype>);
    expect(o.toArray()).toEqual([
      [1, 1, 2],
      [4, 4, 5],
    ]);
    const p = fromArray([[1], [2], [3]], dtype);
    setRows(p, 1, sliceRows(p, 0, 2));
    expect(p.toArray()).toEqual([[1], [1], [2]]);
    m.set(1, 1, 5);
    expect(m.get(1, 1)).toBe(5);
  });
});

describe("slice run-time checks", () => {
  const m = zeros(3, 4);
  it("name the op, the bound and the shape", () => {
    expectThrows(() => getRow(m, 3), RangeError, "getRow: row 3 is out of range for [3, 4] (rows 0..2)");
    expectThrows(() => getCol(m, -1), RangeError, "getCol: column -1 is out of range for [3, 4] (columns 0..3)");
    expectThrows(
      () => sliceRows(m, 2, 4),
      RangeError,
      "sliceRows: row range [2, 4) is not within [3, 4] (0 <= start <= end <= 3)",
    );
    expectThrows(
      () => sliceCols(m, 3, 1),
      RangeError,
      "sliceCols: column range [3, 1) is not within [3, 4] (0 <= start <= end <= 4)",
    );
    expectShapeError(() => sliceRows(m, 0, 2, 3), "sliceRows: row range [0, 2) has 2 rows but the declared size is 3");
    expectShapeError(
      () => sliceCols(m, 1, 2, 2),
      "sliceCols: column range [1, 2) has 1 columns but the declared size is 2",
    );
    expectShapeError(() => setRow(m, 0, any(zerosVector(3))), "setRow: row of [3, 4] has 4 elements but v is [3]");
    expectShapeError(
      () => setCol(m, 0, any(toColumn(zerosVector(4)))),
      "setCol: column of [3, 4] has 3 elements but c is [4] (column)",
    );
    expectShapeError(
      () => setRows(m, 0, any(zeros(2, 3))),
      "setRows: [2, 3] into [3, 4]: src.cols (3) must equal m.cols (4)",
    );
    expectThrows(
      () => setRows(m, 2, ones(2, 4)),
      RangeError,
      "setRows: row range [2, 4) is not within [3, 4] (0 <= start <= end <= 3)",
    );
    expectShapeError(
      () => setCols(m, 0, any(zeros(2, 2))),
      "setCols: [2, 2] into [3, 4]: src.rows (2) must equal m.rows (3)",
    );
    expectShapeError(
      () => setRow(m, 0, any(zerosVector(4, "f64"))),
      "setRow: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectThrows(
      () => setRow(m, 0, any(toColumn(zerosVector(4)))),
      TypeError,
      "setRow: v must be a Vector or a number",
    );
    expectThrows(() => getRow(any([[1]]), 0), TypeError, "getRow: expected a Matrix");
    expectThrows(() => m.set(0, 4, 1), RangeError, "set: index (0, 4) is outside [3, 4]");
    expectThrows(() => zerosVector(2).set(2, 1), RangeError, "set: index 2 is outside [2]");
  });
});

describe("slice backward against finite differences (f64) and f64 (f32)", () => {
  const A = randMatrix(rng(53), 5, 4);
  it.each([0, 2, 4])("getRowBackward and sliceRowsBackward from row %s", (i) => {
    checkBackward(
      [A],
      [0],
      ([m]) => getRow(m!, i),
      (G, [m]) => [getRowBackward(G, m!, i)],
    );
    checkBackward(
      [A],
      [0],
      ([m]) => sliceRows(m!, i, 5),
      (G, [m]) => [sliceRowsBackward(G, m!, i)],
    );
  });
  it.each([0, 1, 3])("getColBackward and sliceColsBackward from column %s", (j) => {
    checkBackward(
      [A],
      [0],
      ([m]) => getCol(m!, j),
      (G, [m]) => [getColBackward(G, m!, j)],
    );
    checkBackward(
      [A],
      [0],
      ([m]) => sliceCols(m!, j, 4),
      (G, [m]) => [sliceColsBackward(G, m!, j)],
    );
  });
  it("write dOut in place and zeros elsewhere, into a dirty out too", () => {
    const out = ones(3, 2);
    expect(getRowBackward(vectorFromArray([5, 6]), zeros(3, 2), 1, out)).toBe(out);
    expect(out.toArray()).toEqual([
      [0, 0],
      [5, 6],
      [0, 0],
    ]);
    expect(sliceColsBackward(ones(3, 1), zeros(3, 2), 1).toArray()).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });
  it("check dOut against the slice", () => {
    expectShapeError(
      () => getRowBackward(onesVector(3) as never, zeros(2, 2), 0),
      "getRowBackward: dOut must be a row of 2 for [2, 2], got [3]",
    );
    expect(() => sliceRowsBackward(ones(2, 2), zeros(3, 2), 2)).toThrow(
      "sliceRowsBackward: row range [2, 4) is not within [3, 2] (0 <= start <= end <= 3)",
    );
    expectShapeError(
      () => sliceColsBackward(ones(2, 2, "f64") as never, zeros(2, 3), 0),
      "sliceColsBackward: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expect(() => getColBackward(toColumn(onesVector(2)), zeros(2, 2), 2)).toThrow(
      "getColBackward: column 2 is out of range",
    );
  });
});
