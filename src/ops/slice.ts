// Slices and writes into parts of a matrix. A row, or a range of rows, is contiguous in row-major
// storage, so getRow and sliceRows are views (they share data: writing to them writes to the
// matrix); a column or a range of columns is strided, so getCol and sliceCols copy. A slice's
// size would need arithmetic on the bounds (end − start), which the types do not do: it is
// `number`, or the size you declare, checked at run time.
import type { ArrayOf, DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import { Column, Matrix, Vector } from "../shape/tensor.js";
import { alloc, isColumn, isMatrix, isVector, outMatrix, sameDType } from "./check.js";

function checkMatrix(op: string, m: unknown): asserts m is Matrix<number, number, DType> {
  if (!isMatrix(m)) throw new TypeError(`${op}: expected a Matrix`);
}
function checkIndex(op: string, i: number, n: number, what: string, m: Matrix<number, number, DType>): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) {
    throw new RangeError(`${op}: ${what} ${i} is out of range for ${fmtShape(m)} (${what}s 0..${n - 1})`);
  }
}
/** Checks 0 <= start <= end <= n and a declared size; returns end − start. */
function checkRange(
  op: string,
  start: number,
  end: number,
  n: number,
  what: string,
  m: Matrix<number, number, DType>,
  size?: number,
): number {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= n)) {
    throw new RangeError(
      `${op}: ${what} range [${start}, ${end}) is not within ${fmtShape(m)} (0 <= start <= end <= ${n})`,
    );
  }
  if (size !== undefined && size !== end - start) {
    throw new ShapeError(
      op,
      `${what} range [${start}, ${end}) has ${end - start} ${what}s but the declared size is ${size}`,
    );
  }
  return end - start;
}

/**
 * Row i as a row vector, sharing the matrix's data (a view).
 * @example
 * ```ts
 * const m = fromArray([[1, 2], [3, 4]]);
 * const r = getRow(m, 1); // Vector<2>: [3, 4]
 * ```
 */
export function getRow<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  i: number,
): Vector<C, D> {
  checkMatrix("getRow", m);
  checkIndex("getRow", i, m.rows, "row", m);
  return new Vector(m.data.subarray(i * m.cols, (i + 1) * m.cols) as ArrayOf<D>, m.cols);
}

/**
 * Column j as a column vector (a copy: a column is strided in row-major storage).
 * @example
 * ```ts
 * const m = fromArray([[1, 2], [3, 4]]);
 * const c = getCol(m, 0); // Column<2>: [1, 3]
 * ```
 */
export function getCol<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  j: number,
): Column<R, D> {
  checkMatrix("getCol", m);
  checkIndex("getCol", j, m.cols, "column", m);
  const out = alloc(m.dtype, m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return new Column(out, m.rows) as Column<R, D>;
}

/**
 * Rows [start, end) as a matrix sharing the data (a view); its row count is `number`, or
 * `rows` when given (checked to equal end − start).
 * @example
 * ```ts
 * const X = zeros(60000, 784);
 * const first = sliceRows(X, 0, 100, 100); // Matrix<100, 784>, no copy
 * ```
 */
export function sliceRows<C extends number, D extends DType, const N extends number = number>(
  m: Matrix<number, C, D>,
  start: number,
  end: number,
  rows?: N,
): Matrix<N, C, D> {
  checkMatrix("sliceRows", m);
  const n = checkRange("sliceRows", start, end, m.rows, "row", m, rows);
  return new Matrix(m.data.subarray(start * m.cols, end * m.cols) as ArrayOf<D>, n as N, m.cols);
}

/**
 * Columns [start, end) as a new matrix (a copy); its column count is `number`, or `cols` when
 * given (checked to equal end − start).
 * @example
 * ```ts
 * const m = zeros(100, 10);
 * const firstThree = sliceCols(m, 0, 3, 3); // Matrix<100, 3>
 * ```
 */
export function sliceCols<R extends number, D extends DType, const N extends number = number>(
  m: Matrix<R, number, D>,
  start: number,
  end: number,
  cols?: N,
): Matrix<R, N, D> {
  checkMatrix("sliceCols", m);
  const n = checkRange("sliceCols", start, end, m.cols, "column", m, cols);
  const out = alloc(m.dtype, m.rows * n);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + start, i * m.cols + end), i * n);
  return new Matrix(out, m.rows, n as N) as Matrix<R, N, D>;
}

/**
 * Writes row i from a row vector of the column count (or fills it with a number); returns m.
 * @example
 * ```ts
 * const m = zeros(2, 3);
 * setRow(m, 0, vectorFromArray([1, 2, 3]));
 * ```
 */
export function setRow<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  i: number,
  v: Vector<NoInfer<C>, NoInfer<D>> | number,
): Matrix<R, C, D> {
  checkMatrix("setRow", m);
  checkIndex("setRow", i, m.rows, "row", m);
  const row = m.data.subarray(i * m.cols, (i + 1) * m.cols);
  if (typeof v === "number") {
    row.fill(v);
    return m;
  }
  if (!isVector(v)) throw new TypeError("setRow: v must be a Vector or a number");
  if (v.size !== m.cols)
    throw new ShapeError("setRow", `row of ${fmtShape(m)} has ${m.cols} elements but v is ${fmtShape(v)}`);
  sameDType("setRow", m, v);
  row.set(v.data);
  return m;
}

/**
 * Writes column j from a column vector of the row count (or fills it with a number); returns m.
 * @example
 * ```ts
 * const m = zeros(3, 2);
 * setCol(m, 1, toColumn(vectorFromArray([1, 2, 3])));
 * ```
 */
export function setCol<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  j: number,
  c: Column<NoInfer<R>, NoInfer<D>> | number,
): Matrix<R, C, D> {
  checkMatrix("setCol", m);
  checkIndex("setCol", j, m.cols, "column", m);
  if (typeof c !== "number") {
    if (!isColumn(c)) throw new TypeError("setCol: c must be a Column or a number");
    if (c.size !== m.rows)
      throw new ShapeError("setCol", `column of ${fmtShape(m)} has ${m.rows} elements but c is ${fmtShape(c)}`);
    sameDType("setCol", m, c);
  }
  for (let i = 0; i < m.rows; i++) m.data[i * m.cols + j] = typeof c === "number" ? c : c.data[i]!;
  return m;
}

/**
 * The checks of a block write along `axis` (0: whole rows, 1: whole columns): both matrices, the
 * other dim equal, one dtype, and the block inside m.
 */
function checkBlock(
  op: string,
  m: Matrix<number, number, DType>,
  start: number,
  src: Matrix<number, number, DType>,
  axis: 0 | 1,
): void {
  checkMatrix(op, m);
  checkMatrix(op, src);
  const [dim, srcDim, mDim] = axis === 0 ? ["cols", src.cols, m.cols] : ["rows", src.rows, m.rows];
  if (srcDim !== mDim) {
    throw new ShapeError(
      op,
      `${fmtShape(src)} into ${fmtShape(m)}: src.${dim} (${srcDim}) must equal m.${dim} (${mDim})`,
    );
  }
  sameDType(op, m, src);
  if (axis === 0) checkRange(op, start, start + src.rows, m.rows, "row", m);
  else checkRange(op, start, start + src.cols, m.cols, "column", m);
}

/**
 * Writes `src` into m's rows from `start` on (src has m's column count); returns m.
 * @example
 * ```ts
 * const X = zeros(4, 3);
 * setRows(X, 2, ones(2, 3)); // rows 2 and 3 become ones
 * ```
 */
export function setRows<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  start: number,
  src: Matrix<number, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkBlock("setRows", m, start, src, 0);
  // TypedArray.set copies the source first when it shares the target's buffer (by the spec).
  m.data.set(src.data, start * m.cols);
  return m;
}

/**
 * Writes `src` into m's columns from `start` on (src has m's row count); returns m.
 * @example
 * ```ts
 * const m = zeros(3, 4);
 * setCols(m, 1, ones(3, 2)); // columns 1 and 2 become ones
 * ```
 */
export function setCols<R extends number, C extends number, D extends DType>(
  m: Matrix<R, C, D>,
  start: number,
  src: Matrix<NoInfer<R>, number, NoInfer<D>>,
): Matrix<R, C, D> {
  checkBlock("setCols", m, start, src, 1);
  // A source that shares m's memory is copied first, so no element is overwritten before it is read.
  const s = src.data.buffer === m.data.buffer ? src.data.slice() : src.data;
  for (let i = 0; i < m.rows; i++) m.data.set(s.subarray(i * src.cols, (i + 1) * src.cols), i * m.cols + start);
  return m;
}

// Backward of the slices: dOut written back into the place the slice was taken from, zeros
// elsewhere (the slice's elements are the only ones it depends on). The `set*` writes have no
// backward: they mutate their matrix in place, which a tape cannot replay.

/**
 * Backward of `getRow(m, i)`: a matrix of m's shape holding dOut in row i, zeros elsewhere.
 * @example
 * ```ts
 * const dM = getRowBackward(onesVector(3), zeros(2, 3), 1); // [[0, 0, 0], [1, 1, 1]]
 * ```
 */
export function getRowBackward<R extends number, C extends number, D extends DType>(
  dOut: Vector<NoInfer<C>, NoInfer<D>>,
  m: Matrix<R, C, D>,
  i: number,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkMatrix("getRowBackward", m);
  checkIndex("getRowBackward", i, m.rows, "row", m);
  if (!isVector(dOut) || dOut.size !== m.cols)
    throw new ShapeError("getRowBackward", `dOut must be a row of ${m.cols} for ${fmtShape(m)}, got ${fmtShape(dOut)}`);
  return placeBlock("getRowBackward", dOut, m, i, 0, 1, m.cols, out);
}

/**
 * Backward of `getCol(m, j)`: a matrix of m's shape holding dOut in column j, zeros elsewhere.
 * @example
 * ```ts
 * const dM = getColBackward(toColumn(onesVector(2)), zeros(2, 3), 0); // [[1, 0, 0], [1, 0, 0]]
 * ```
 */
export function getColBackward<R extends number, C extends number, D extends DType>(
  dOut: Column<NoInfer<R>, NoInfer<D>>,
  m: Matrix<R, C, D>,
  j: number,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkMatrix("getColBackward", m);
  checkIndex("getColBackward", j, m.cols, "column", m);
  if (!isColumn(dOut) || dOut.size !== m.rows)
    throw new ShapeError(
      "getColBackward",
      `dOut must be a column of ${m.rows} for ${fmtShape(m)}, got ${fmtShape(dOut)}`,
    );
  return placeBlock("getColBackward", dOut, m, 0, j, m.rows, 1, out);
}

/**
 * Backward of `sliceRows(m, start, end)`: a matrix of m's shape holding dOut in rows
 * [start, start + dOut.rows), zeros elsewhere.
 * @example
 * ```ts
 * const dM = sliceRowsBackward(ones(2, 3), zeros(4, 3), 1); // rows 1 and 2 are ones
 * ```
 */
export function sliceRowsBackward<R extends number, C extends number, D extends DType>(
  dOut: Matrix<number, NoInfer<C>, NoInfer<D>>,
  m: Matrix<R, C, D>,
  start: number,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkMatrix("sliceRowsBackward", m);
  checkMatrix("sliceRowsBackward", dOut);
  if (dOut.cols !== m.cols)
    throw new ShapeError("sliceRowsBackward", `dOut is ${fmtShape(dOut)} but m is ${fmtShape(m)}: columns differ`);
  checkRange("sliceRowsBackward", start, start + dOut.rows, m.rows, "row", m);
  return placeBlock("sliceRowsBackward", dOut, m, start, 0, dOut.rows, m.cols, out);
}

/**
 * Backward of `sliceCols(m, start, end)`: a matrix of m's shape holding dOut in columns
 * [start, start + dOut.cols), zeros elsewhere.
 * @example
 * ```ts
 * const dM = sliceColsBackward(ones(3, 2), zeros(3, 4), 2); // columns 2 and 3 are ones
 * ```
 */
export function sliceColsBackward<R extends number, C extends number, D extends DType>(
  dOut: Matrix<NoInfer<R>, number, NoInfer<D>>,
  m: Matrix<R, C, D>,
  start: number,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  checkMatrix("sliceColsBackward", m);
  checkMatrix("sliceColsBackward", dOut);
  if (dOut.rows !== m.rows)
    throw new ShapeError("sliceColsBackward", `dOut is ${fmtShape(dOut)} but m is ${fmtShape(m)}: rows differ`);
  checkRange("sliceColsBackward", start, start + dOut.cols, m.cols, "column", m);
  return placeBlock("sliceColsBackward", dOut, m, 0, start, m.rows, dOut.cols, out);
}

/** A zeroed matrix of m's shape (`out`, checked, or a new one) with dOut as the rows × cols block at (i0, j0). */
function placeBlock<R extends number, C extends number, D extends DType>(
  op: string,
  dOut: { readonly data: ArrayOf<DType>; readonly dtype: DType },
  m: Matrix<R, C, D>,
  i0: number,
  j0: number,
  rows: number,
  cols: number,
  out: Matrix<number, number, DType> | undefined,
): Matrix<R, C, D> {
  sameDType(op, m, dOut);
  const src = dOut.data;
  const o = outMatrix(op, out, m.rows, m.cols, m.dtype, [src]);
  o.data.fill(0);
  for (let i = 0; i < rows; i++) o.data.set(src.subarray(i * cols, (i + 1) * cols), (i0 + i) * m.cols + j0);
  return o as Matrix<R, C, D>;
}
