// Reshapes between a vector and a matrix. Same data, no copy; the size is checked at run time
// since the library does no arithmetic on sizes in types.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import { sizeProblem } from "../shape/dim.js";
import { Column, Matrix, Vector } from "../shape/tensor.js";
import { isColumn, isMatrix, isVector } from "./check.js";

/**
 * A vector or matrix viewed as a rows × cols matrix (shares data). rows × cols must equal its size.
 * @example
 * ```ts
 * const pixels = zerosVector(784);
 * const img = reshape(pixels, 28, 28); // Vector<784> -> Matrix<28, 28>
 * ```
 */
export function reshape<const R extends number, const C extends number, D extends DType>(
  a: Vector<number, D> | Matrix<number, number, D>,
  rows: R,
  cols: C,
): Matrix<R, C, D> {
  if (!isVector(a) && !isMatrix(a)) throw new TypeError("reshape: expected a Matrix or a Vector");
  const p = sizeProblem("rows", rows) ?? sizeProblem("cols", cols);
  if (p) throw new RangeError(`reshape: ${p}`);
  if (rows * cols !== a.data.length) {
    throw new ShapeError(
      "reshape",
      `cannot view ${fmtShape(a)} (${a.data.length} elements) as [${rows}, ${cols}] (${rows * cols})`,
    );
  }
  return new Matrix(a.data, rows, cols);
}

/** A matrix's data as one vector in row-major order (shares data). */
export function flatten<R extends number, C extends number, D extends DType>(a: Matrix<R, C, D>): Vector<number, D> {
  if (!isMatrix(a)) throw new TypeError("flatten: expected a Matrix");
  return new Vector(a.data, a.data.length);
}

/** A vector as a 1 × N row matrix (shares data). */
export function asRow<N extends number, D extends DType>(v: Vector<N, D>): Matrix<1, N, D> {
  if (!isVector(v)) throw new TypeError("asRow: expected a Vector");
  return new Matrix(v.data, 1, v.size);
}
/** A vector as an N × 1 column matrix (shares data). */
export function asColumn<N extends number, D extends DType>(v: Vector<N, D>): Matrix<N, 1, D> {
  if (!isVector(v)) throw new TypeError("asColumn: expected a Vector");
  return new Matrix(v.data, v.size, 1);
}

/**
 * Backward of `reshape`, `flatten`, `asRow`, `asColumn`, `toColumn` and `toRow`: the same
 * elements in the input's shape (a copy into `out`, else a view sharing dOut's data).
 * @example
 * ```ts
 * const dv = reshapeBackward(ones(28, 28), zerosVector(784)); // Vector<784>
 * ```
 */
export function reshapeBackward<
  T extends Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>,
>(
  dOut:
    | Matrix<number, number, NoInfer<T["dtype"]>>
    | Vector<number, NoInfer<T["dtype"]>>
    | Column<number, NoInfer<T["dtype"]>>,
  a: T,
  out?: NoInfer<T>,
): T {
  if (!isVector(dOut) && !isMatrix(dOut) && !isColumn(dOut))
    throw new TypeError("reshapeBackward: dOut must be a Matrix, a Vector or a Column");
  if (dOut.data.length !== a.data.length || dOut.dtype !== a.dtype) {
    throw new ShapeError(
      "reshapeBackward",
      `dOut ${fmtShape(dOut)} ${dOut.dtype} does not hold a's ${fmtShape(a)} ${a.dtype}`,
    );
  }
  if (out !== undefined) {
    if (out.kind !== a.kind || out.data.length !== a.data.length || out.dtype !== a.dtype) {
      throw new ShapeError("reshapeBackward", `out is ${fmtShape(out)} but a is ${fmtShape(a)}`);
    }
    out.data.set(dOut.data);
    return out;
  }
  return (
    isMatrix(a)
      ? new Matrix(dOut.data, a.rows, a.cols)
      : isColumn(a)
        ? new Column(dOut.data, a.data.length)
        : new Vector(dOut.data, a.data.length)
  ) as T;
}

/**
 * A row vector viewed as a column vector (shares data): the explicit way to broadcast it across
 * a matrix's columns, one value per row.
 * @example
 * ```ts
 * const scale = vectorFromArray([1, 2, 3]);
 * const scaledRows = mul(ones(3, 4), toColumn(scale)); // row i multiplied by scale[i]
 * ```
 */
export function toColumn<N extends number, D extends DType>(v: Vector<N, D>): Column<N, D> {
  if (!isVector(v)) throw new TypeError("toColumn: expected a Vector");
  return new Column(v.data, v.size);
}

/**
 * A column vector viewed as a row vector (shares data), e.g. to use row sums as a bias.
 * @example
 * ```ts
 * const m = ones(3, 3);
 * const asBias = toRow(sum(m, 1)); // Vector<3, "f32">
 * ```
 */
export function toRow<N extends number, D extends DType>(c: Column<N, D>): Vector<N, D> {
  if (!isColumn(c)) throw new TypeError("toRow: expected a Column");
  return new Vector(c.data, c.size);
}
