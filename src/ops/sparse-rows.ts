// A matrix's rows compressed to their nonzeros, for inputs that are read far more often than
// written (a training set): the trainers gather batches from it, evaluation sets read it. Typed
// like the Matrix it came from, so a network of another width or dtype does not compile.
//
// The arrays are private (no accessor hands them out): the trainers and the wasm kernels trust
// every column index, so nothing outside may write one. The storage is shared memory where the
// platform has it (Node; a cross-origin isolated page): evaluation helpers read the same rows
// with no copy.
import type { ArrayOf, DType } from "../shape/dtype.js";
import { fmtShape } from "../shape/shape-error.js";
import { Matrix } from "../shape/tensor.js";
import { compressRows, expandRows, type Csr } from "../kernels/sparse-rows.js";
import { isMatrix } from "./check.js";

/**
 * The rows of an `R x C` matrix in compressed form (each row's nonzeros in column order): a
 * snapshot, made by `sparseRows(X)`. `trainer.stepRows` and `evalSet` take it in place of X.
 * @example
 * ```ts
 * const X = zeros(1000, 784);
 * const S = sparseRows(X); // SparseRows<1000, 784, "f32">
 * const back = S.toDense(); // Matrix<1000, 784, "f32">, equal to X
 * ```
 */
export interface SparseRows<R extends number, C extends number, D extends DType = "f32"> {
  readonly kind: "sparse-rows";
  readonly rows: R;
  readonly cols: C;
  readonly dtype: D;
  /** The number of stored entries (nonzeros, NaN included). */
  readonly nnz: number;
  /** The rows as a new dense Matrix, the same values as the matrix compressed. */
  toDense(): Matrix<R, C, D>;
}

const storage = new WeakMap<object, Csr>();

class SparseRowsClass<R extends number, C extends number, D extends DType> implements SparseRows<R, C, D> {
  readonly kind = "sparse-rows" as const;
  readonly rows: R;
  readonly cols: C;
  readonly dtype: D;
  readonly nnz: number;

  constructor(csr: Csr) {
    this.rows = csr.rows as R;
    this.cols = csr.cols as C;
    this.dtype = csr.dtype as D;
    this.nnz = csr.ptr[csr.rows]!;
    storage.set(this, csr);
  }

  toDense(): Matrix<R, C, D> {
    const csr = storage.get(this)!;
    const data = (
      this.dtype === "f64" ? new Float64Array(this.rows * this.cols) : new Float32Array(this.rows * this.cols)
    ) as ArrayOf<D>;
    expandRows(data, csr, null, 0, this.rows);
    return new Matrix(data, this.rows, this.cols) as Matrix<R, C, D>;
  }

  toString(): string {
    return `SparseRows ${fmtShape(this)} ${this.dtype}, ${this.nnz} nonzeros`;
  }
}

// Shared where the platform allows, so helper threads read the rows where they are.
const memory = (bytes: number): ArrayBufferLike =>
  typeof SharedArrayBuffer === "function" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);

/**
 * X's rows compressed to their nonzeros (a copy: later writes to X are not seen). Worth it for a
 * mostly-zero input read many times: MNIST's training images take 54 MB instead of 188, and a
 * training step gathers a batch from them without scanning its zeros. A value is stored when it
 * is not 0 (NaN is stored, -0 is not), so `toDense()` gives X back with -0 as +0.
 * @example
 * ```ts
 * const train = sparseRows(zeros(60000, 784)); // SparseRows<60000, 784, "f32">
 * ```
 */
export function sparseRows<R extends number, C extends number, D extends DType>(
  X: Matrix<R, C, D>,
): SparseRows<R, C, D> {
  if (!isMatrix(X)) throw new TypeError("sparseRows: X must be a Matrix");
  return new SparseRowsClass<R, C, D>(compressRows(X.data, X.rows, X.cols, memory));
}

/** True for rows made by `sparseRows` (of this copy of the library: their storage is private). */
export function isSparseRows(x: unknown): x is SparseRows<number, number, DType> {
  return typeof x === "object" && x !== null && storage.has(x);
}

/** The compressed arrays behind `s` (for the trainers and evaluation sets only; never written). */
export function csrOf(s: SparseRows<number, number, DType>): Csr {
  const csr = storage.get(s);
  if (!csr) throw new TypeError("expected rows made by sparseRows()");
  return csr;
}
