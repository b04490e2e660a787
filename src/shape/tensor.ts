import type { ArrayOf, DType } from "./dtype.js";
import { dtypeOf } from "./dtype.js";
import { sizeProblem } from "./dim.js";
import { ShapeError } from "./shape-error.js";
import { formatMatrix, formatVector } from "./format.js";

// Node's util.inspect looks for this symbol; using Symbol.for keeps the module browser-safe.
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

function checkStorage(op: string, data: unknown, length: number, shape: string): void {
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new TypeError(`${op}: data must be a Float32Array or Float64Array`);
  }
  if (data.length !== length) {
    throw new ShapeError(op, `data has ${data.length} elements but shape ${shape} needs ${length}`);
  }
}

// Why Matrix, Vector and Column are each an interface, a class and a const (issue 11): TypeScript
// cannot infer a class's D through the conditional ArrayOf<D>, and a class's constructor cannot
// have overloads with their own result types, so `new Matrix(new Float64Array(6), 2, 3)` took
// D = "f32" and failed with a message about `filter(...)[Symbol.toStringTag]`. Now the exported
// interface is the type (every hover and diagnostic still prints `Matrix<...>`), a class under
// another name implements it, and the exported const of the public name is that class, typed
// with construct signatures that read D off the array (MatrixConstructor). The interface lists
// its members itself rather than extending the class: extending costs every new Matrix type an
// instantiation of the class too (measured: +13% per op on the type budget's chains). The const
// repeats the interface's description because TypeDoc documents the pair as one class (`@class`
// on the const), and editors show the interface's on a type and the const's on `new Matrix`.

/**
 * A row-major `R x C` matrix over a Float32Array (`D = "f32"`, the default) or Float64Array.
 * The dims are real fields: without them any matrix would be assignable to any other.
 * @example
 * ```ts
 * const W = zeros(784, 50); // Matrix<784, 50, "f32">
 * ```
 */
export interface Matrix<R extends number, C extends number, D extends DType = "f32"> {
  readonly kind: "matrix";
  readonly rows: R;
  readonly cols: C;
  readonly dtype: D;
  readonly data: ArrayOf<D>;
  /** A lazy transpose view for `dot`: no copy. `transpose(m)` materializes one. */
  get T(): Transposed<C, R, D>;
  /** Element (i, j), bounds-checked. Not for hot loops: kernels index `data` directly. */
  get(i: number, j: number): number;
  /** Sets element (i, j), bounds-checked; returns the matrix. */
  set(i: number, j: number, value: number): this;
  /** Nested arrays, one per row. */
  toArray(): number[][];
  /** The values as text, laid out like NumPy's repr, with shape and dtype. */
  toString(): string;
  /** What Node's console.log and util.inspect show: toString(). */
  [inspectCustom](): string;
}

/** The implementation behind the `Matrix` interface and constructor (documented there). */
class MatrixClass<R extends number, C extends number, D extends DType = "f32"> implements Matrix<R, C, D> {
  readonly kind = "matrix" as const;
  readonly rows: R;
  readonly cols: C;
  readonly dtype: D;
  readonly data: ArrayOf<D>;

  constructor(data: ArrayOf<D>, rows: R, cols: C) {
    const p = sizeProblem("rows", rows) ?? sizeProblem("cols", cols);
    if (p) throw new RangeError(`Matrix: ${p}`);
    checkStorage("Matrix", data, rows * cols, `[${rows}, ${cols}]`);
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.dtype = dtypeOf(data) as D;
  }

  get T(): Transposed<C, R, D> {
    return new Transposed(this);
  }

  get(i: number, j: number): number {
    if (!(i >= 0 && i < this.rows && j >= 0 && j < this.cols && Number.isInteger(i) && Number.isInteger(j))) {
      throw new RangeError(`get: index (${i}, ${j}) is outside [${this.rows}, ${this.cols}]`);
    }
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, value: number): this {
    if (!(i >= 0 && i < this.rows && j >= 0 && j < this.cols && Number.isInteger(i) && Number.isInteger(j))) {
      throw new RangeError(`set: index (${i}, ${j}) is outside [${this.rows}, ${this.cols}]`);
    }
    if (typeof value !== "number") throw new TypeError(`set: value must be a number, got ${typeof value}`);
    this.data[i * this.cols + j] = value;
    return this;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  toString(): string {
    return formatMatrix(this.rows, this.cols, this.data, this.dtype);
  }

  [inspectCustom](): string {
    return this.toString();
  }
}

/**
 * The construct signatures of `Matrix`. The general one comes first: it takes D from explicit
 * type arguments or the context, and a Float32Array alone gives "f32". A Float64Array alone fails
 * it (D falls back to its default, "f32") and meets the second, which gives "f64". In this order
 * a program whose `lib` has no `Symbol.toStringTag` (there the two arrays are one type) still
 * types a Float32Array as "f32", never as "f64".
 */
interface MatrixConstructor {
  /**
   * Wraps `data` without copying, checking that the sizes are whole and that the length is
   * rows × cols. D comes from the array, or from type arguments, which the array must match.
   */
  new <R extends number, C extends number, D extends DType = "f32">(
    data: ArrayOf<D>,
    rows: R,
    cols: C,
  ): Matrix<R, C, D>;
  /** Wraps a Float64Array without copying: the matrix is "f64". */
  new <R extends number, C extends number>(data: Float64Array, rows: R, cols: C): Matrix<R, C, "f64">;
  /** What `instanceof Matrix` narrows to, as for a class. */
  readonly prototype: Matrix<any, any, any>;
}

/**
 * A row-major `R x C` matrix over a Float32Array (`D = "f32"`, the default) or Float64Array.
 * The dims are real fields: without them any matrix would be assignable to any other.
 * `new Matrix(data, rows, cols)` wraps a typed array without copying; the dtype follows it.
 * @example
 * ```ts
 * const W = zeros(784, 50); // Matrix<784, 50, "f32">
 * const m = new Matrix(new Float64Array(6), 2, 3); // Matrix<2, 3, "f64">
 * ```
 * @class
 */
export const Matrix: MatrixConstructor = MatrixClass as MatrixConstructor;
// The cast claims the second signature, which holds because the class sets dtype from the array.
// The public name at run time too: stack traces, `m.constructor.name` and consoles print it.
Object.defineProperty(MatrixClass, "name", { value: "Matrix" });

/**
 * A transposed view of a matrix, accepted by `dot` so that Xᵀ·dY and dY·Wᵀ never copy.
 * It is not a Matrix: elementwise ops need `transpose(m)`, which materializes.
 */
export class Transposed<R extends number, C extends number, D extends DType = "f32"> {
  readonly kind = "transposed" as const;
  readonly rows: R;
  readonly cols: C;
  readonly dtype: D;
  constructor(readonly base: Matrix<C, R, D>) {
    this.rows = base.cols;
    this.cols = base.rows;
    this.dtype = base.dtype;
  }
  /** Transposing the view gives back the matrix. */
  get T(): Matrix<C, R, D> {
    return this.base;
  }
  /** The underlying matrix as text, marked as a transposed view. */
  toString(): string {
    return `transposed view of\n${this.base.toString()}`;
  }
  /** What Node's console.log and util.inspect show: toString(). */
  [inspectCustom](): string {
    return this.toString();
  }
}

function checkIndex(op: string, i: number, size: number): number {
  if (!(i >= 0 && i < size && Number.isInteger(i))) throw new RangeError(`${op}: index ${i} is outside [${size}]`);
  return i;
}

/**
 * What a row Vector and a Column share: `N` values of dtype `D` in one typed array, read and
 * written by index, printed by the subclass. Not exported: a user holds a Vector or a Column.
 */
abstract class OneDim<N extends number, D extends DType> {
  readonly size: N;
  readonly dtype: D;
  readonly data: ArrayOf<D>;

  constructor(name: string, data: ArrayOf<D>, size: N, shape: string) {
    const p = sizeProblem("size", size);
    if (p) throw new RangeError(`${name}: ${p}`);
    checkStorage(name, data, size, shape);
    this.size = size;
    this.data = data;
    this.dtype = dtypeOf(data) as D;
  }

  /** Element i, bounds-checked. */
  get(i: number): number {
    return this.data[checkIndex("get", i, this.size)]!;
  }

  /** Sets element i, bounds-checked; returns the tensor. */
  set(i: number, value: number): this {
    if (typeof value !== "number") throw new TypeError(`set: value must be a number, got ${typeof value}`);
    this.data[checkIndex("set", i, this.size)] = value;
    return this;
  }

  /** The values as a plain array. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  // toString is each subclass's own, declared in its interface (a Vector prints as a row, a Column
  // as an N×1 matrix); an abstract one here would be a member of this undocumented class that the
  // documented interfaces override, which TypeDoc reports.

  /** What Node's console.log and util.inspect show: toString(). */
  [inspectCustom](): string {
    return this.toString();
  }
}

/** The implementation behind the `Vector` interface and constructor (documented there). */
class VectorClass<N extends number, D extends DType = "f32"> extends OneDim<N, D> implements Vector<N, D> {
  readonly kind = "vector" as const;

  constructor(data: ArrayOf<D>, size: N) {
    super("Vector", data, size, `[${size}]`);
  }

  override toString(): string {
    return formatVector(this.size, this.data, this.dtype);
  }
}

/**
 * A row vector of `N` elements: the bias vector, broadcast over a matrix's rows (`N` = its
 * column count). Reducing a matrix over axis 0 gives one.
 * @example
 * ```ts
 * const b = zerosVector(50); // Vector<50, "f32">
 * ```
 */
export interface Vector<N extends number, D extends DType = "f32"> extends OneDim<N, D> {
  readonly kind: "vector";
  /** The values as text, laid out like NumPy's repr, with size and dtype. */
  toString(): string;
}

/** The construct signatures of `Vector`, in the order of MatrixConstructor and for its reasons. */
interface VectorConstructor {
  /**
   * Wraps `data` without copying, checking that the size is whole and is the length. D comes
   * from the array, or from type arguments, which the array must match.
   */
  new <N extends number, D extends DType = "f32">(data: ArrayOf<D>, size: N): Vector<N, D>;
  /** Wraps a Float64Array without copying: the vector is "f64". */
  new <N extends number>(data: Float64Array, size: N): Vector<N, "f64">;
  /** What `instanceof Vector` narrows to, as for a class. */
  readonly prototype: Vector<any, any>;
}

/**
 * A row vector of `N` elements: the bias vector, broadcast over a matrix's rows (`N` = its
 * column count). Reducing a matrix over axis 0 gives one.
 * `new Vector(data, size)` wraps a typed array without copying; the dtype follows it.
 * @example
 * ```ts
 * const b = zerosVector(50); // Vector<50, "f32">
 * const w = new Vector(new Float64Array(3), 3); // Vector<3, "f64">
 * ```
 * @class
 */
export const Vector: VectorConstructor = VectorClass as VectorConstructor; // the cast and the name: as for Matrix
Object.defineProperty(VectorClass, "name", { value: "Vector" });

/** The implementation behind the `Column` interface and constructor (documented there). */
class ColumnClass<N extends number, D extends DType = "f32"> extends OneDim<N, D> implements Column<N, D> {
  readonly kind = "column" as const;

  constructor(data: ArrayOf<D>, size: N) {
    super("Column", data, size, `[${size}, 1]`);
  }

  override toString(): string {
    return formatMatrix(this.size, 1, this.data, this.dtype, "column");
  }
}

/**
 * A column vector of `N` elements: one value per row of a matrix with `N` rows, broadcast across
 * its columns. Reducing a matrix over axis 1 gives one, so `div(P, sum(P, 1))` divides each row
 * by its own sum, and a column is never taken for a row (bias) vector, even when `N` equals the
 * column count. Same storage as a Vector; `toRow`/`toColumn` convert without copying.
 * @example
 * ```ts
 * const P = ones(10, 10);
 * const rowSums = sum(P, 1); // Column<10, "f32">
 * const normalised = div(P, rowSums); // each row divided by its own sum
 * ```
 */
export interface Column<N extends number, D extends DType = "f32"> extends OneDim<N, D> {
  readonly kind: "column";
  /** The values as text, laid out like NumPy's repr of an N×1 array, with shape and dtype. */
  toString(): string;
}

/** The construct signatures of `Column`, in the order of MatrixConstructor and for its reasons. */
interface ColumnConstructor {
  /**
   * Wraps `data` without copying, checking that the size is whole and is the length. D comes
   * from the array, or from type arguments, which the array must match.
   */
  new <N extends number, D extends DType = "f32">(data: ArrayOf<D>, size: N): Column<N, D>;
  /** Wraps a Float64Array without copying: the column is "f64". */
  new <N extends number>(data: Float64Array, size: N): Column<N, "f64">;
  /** What `instanceof Column` narrows to, as for a class. */
  readonly prototype: Column<any, any>;
}

/**
 * A column vector of `N` elements: one value per row of a matrix with `N` rows, broadcast across
 * its columns. Reducing a matrix over axis 1 gives one, so `div(P, sum(P, 1))` divides each row
 * by its own sum, and a column is never taken for a row (bias) vector, even when `N` equals the
 * column count. Same storage as a Vector; `toRow`/`toColumn` convert without copying.
 * `new Column(data, size)` wraps a typed array without copying; the dtype follows it.
 * @example
 * ```ts
 * const P = ones(10, 10);
 * const rowSums = sum(P, 1); // Column<10, "f32">
 * const normalised = div(P, rowSums); // each row divided by its own sum
 * const w = new Column(new Float64Array(2), 2); // Column<2, "f64">
 * ```
 * @class
 */
export const Column: ColumnConstructor = ColumnClass as ColumnConstructor; // the cast and the name: as for Matrix
Object.defineProperty(ColumnClass, "name", { value: "Column" });

/** A matrix or its transposed view: what `dot` multiplies. */
export type MatrixLike<R extends number, C extends number, D extends DType = "f32"> =
  Matrix<R, C, D> | Transposed<R, C, D>;

/** Any matrix, row vector or column vector of a dtype. */
export type Tensor<D extends DType = DType> = Matrix<number, number, D> | Vector<number, D> | Column<number, D>;
