// Run-time checks shared by the ops: every op checks shapes once, before it calls a kernel,
// because dynamic dims (`number`) can lie about what the compiler was told.
import { allocate, type ArrayOf, type Buf, type DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import { Column, Matrix, Vector } from "../shape/tensor.js";
import { isColumn, isMatrix, isVector } from "../shape/guards.js";

export { isColumn, isMatrix, isTransposed, isVector } from "../shape/guards.js";

type Shaped = { readonly rows: number; readonly cols: number } | { readonly size: number };

export function sameDType(op: string, a: { dtype: DType }, b: { dtype: DType }): void {
  if (a.dtype !== b.dtype) {
    throw new ShapeError(op, `dtype ${a.dtype} and ${b.dtype} do not mix; convert one with astype()`);
  }
}

/** Checks an optional `out` (shape, dtype, no forbidden aliasing) or allocates a fresh one. */
export function outMatrix<D extends DType>(
  op: string,
  out: Matrix<number, number, DType> | undefined,
  rows: number,
  cols: number,
  dtype: D,
  noAlias: readonly Buf[] = [],
): Matrix<number, number, D> {
  if (out === undefined) return new Matrix(allocate(dtype, rows * cols), rows, cols);
  if (!isMatrix(out)) throw new ShapeError(op, `out must be a Matrix, got ${fmtShape(out as Shaped)}`);
  if (out.rows !== rows || out.cols !== cols) {
    throw new ShapeError(op, `out is ${fmtShape(out)} but the result is [${rows}, ${cols}]`);
  }
  if (out.dtype !== dtype) throw new ShapeError(op, `out is ${out.dtype} but the result is ${dtype}`);
  for (const b of noAlias) {
    if (b.buffer === out.data.buffer && overlaps(b, out.data)) {
      throw new ShapeError(op, "out must not share memory with an input");
    }
  }
  return out as Matrix<number, number, D>;
}

export function outVector<D extends DType>(
  op: string,
  out: Vector<number, DType> | undefined,
  size: number,
  dtype: D,
  noAlias: readonly Buf[] = [],
): Vector<number, D> {
  if (out === undefined) return new Vector(allocate(dtype, size), size);
  if (!isVector(out)) throw new ShapeError(op, `out must be a Vector, got ${fmtShape(out as Shaped)}`);
  if (out.size !== size) throw new ShapeError(op, `out is [${out.size}] but the result is [${size}]`);
  if (out.dtype !== dtype) throw new ShapeError(op, `out is ${out.dtype} but the result is ${dtype}`);
  for (const b of noAlias) {
    if (b.buffer === out.data.buffer && overlaps(b, out.data)) {
      throw new ShapeError(op, "out must not share memory with an input");
    }
  }
  return out as Vector<number, D>;
}

export function outColumn<D extends DType>(
  op: string,
  out: Column<number, DType> | undefined,
  size: number,
  dtype: D,
  noAlias: readonly Buf[] = [],
): Column<number, D> {
  if (out === undefined) return new Column(allocate(dtype, size), size);
  if (!isColumn(out)) throw new ShapeError(op, `out must be a Column, got ${fmtShape(out as Shaped)}`);
  if (out.size !== size) throw new ShapeError(op, `out is [${out.size}] (column) but the result is [${size}] (column)`);
  if (out.dtype !== dtype) throw new ShapeError(op, `out is ${out.dtype} but the result is ${dtype}`);
  for (const b of noAlias) {
    if (b.buffer === out.data.buffer && overlaps(b, out.data)) {
      throw new ShapeError(op, "out must not share memory with an input");
    }
  }
  return out as Column<number, D>;
}

/**
 * Elementwise ops may write in place (`out` is an input's own memory, element i read before it
 * is written), but an `out` that overlaps an input at another offset would overwrite elements
 * before they are read.
 */
export function checkInPlace(op: string, out: Buf, inputs: readonly Buf[]): void {
  for (const b of inputs) {
    if (b.buffer === out.buffer && overlaps(b, out) && !(b.byteOffset === out.byteOffset && b.length === out.length)) {
      throw new ShapeError(op, "out overlaps an input without being it: write in place or into separate memory");
    }
  }
}

function overlaps(a: Buf, b: Buf): boolean {
  const a0 = a.byteOffset,
    a1 = a0 + a.byteLength;
  const b0 = b.byteOffset,
    b1 = b0 + b.byteLength;
  return a0 < b1 && b0 < a1;
}

export function alloc<D extends DType>(dtype: D, n: number): ArrayOf<D> {
  return allocate(dtype, n);
}
