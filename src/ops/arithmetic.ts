// add, sub, mul, div: equal shapes, a scalar, or a matrix with a vector broadcast: a row vector
// (`Vector<C>`, the bias) over its rows, or a column vector (`Column<R>`, one value per row) across
// its columns. Which one is in the operand's type, so a square matrix cannot take one for the
// other. No other broadcast: NumPy's silent (B,) + (B,1) -> (B,B) is the bug this library exists
// to prevent.
import type { Buf, DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import type { Column, Matrix, Vector } from "../shape/tensor.js";
import * as k from "../kernels/elementwise.js";
import { sumAxis0 } from "../kernels/reduce.js";
import * as bk from "../kernels/broadcast.js";
import { checkInPlace, isColumn, isMatrix, isVector, outColumn, outMatrix, outVector, sameDType } from "./check.js";

/** Any matrix, row vector or column vector. */
export type AnyTensor = Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>;

/**
 * The typed signature shared by add, sub, mul and div (and minimum, maximum, the comparisons).
 * `b` is a tensor of exactly `a`'s type, a scalar, or (when `a` is a matrix) a row vector of its
 * column count or a column vector of its row count. The conditional resolves to `never` for a
 * vector `a`, and is written inline so errors print `Vector<3, "f32">`.
 */
export type Elementwise<Op extends string = string> = <T extends AnyTensor>(
  a: T,
  b: Operand<Op, T>,
  out?: NoInfer<T>,
) => T;

/** What elementwise `Op` accepts beside an `a` of type T (named so errors read `Operand<"add", ...>`). */
export type Operand<Op extends string, T extends AnyTensor> =
  | NoInfer<T>
  | (T extends Vector<number, DType> | Column<number, DType>
      ? never
      : | Vector<T[Extract<"cols", keyof T>] & number, T["dtype"]>
        | ColumnOperand<T[Extract<"rows", keyof T>] & number, T["dtype"]>)
  | number;

/**
 * A column vector of `N` elements as an elementwise operand: what `Column<N, D>` must match to
 * broadcast across a matrix with N rows. Only the fields the check needs (the class would make
 * the checker compare all its members at every call: about 18 instantiations per op).
 */
export interface ColumnOperand<N extends number, D extends DType> {
  readonly kind: "column";
  readonly size: N;
  readonly dtype: D;
}
type Zip = (out: Buf, a: Buf, b: Buf, n: number) => Buf;
type Row = (out: Buf, a: Buf, v: Buf, rows: number, cols: number) => Buf;
type Scalar = (out: Buf, a: Buf, s: number, n: number) => Buf;

/** The loops behind one elementwise op: equal shapes, row broadcast, column broadcast, scalar. */
export interface Loops {
  zip: Zip;
  row: Row;
  col: Row;
  scalar: Scalar;
}

/** The four loops of an op from one strided loop (see kernels/broadcast.ts). */
export function stridedLoops(f: bk.Strided): Loops {
  return {
    zip: (o, a, b, n) => f(o, a, b, 1, n, 0, 1),
    row: (o, a, v, r, c) => f(o, a, v, r, c, 0, 1),
    col: (o, a, v, r, c) => f(o, a, v, r, c, 1, 0),
    scalar: (o, a, s, n) => f(o, a, new Float64Array([s]), 1, n, 0, 0),
  };
}

/** An elementwise op named `op` (the name its ShapeErrors carry) over the given loops. */
export function elementwise<Op extends string>(op: Op, loops: Loops): Elementwise<Op> {
  return ((a: AnyTensor, b: AnyTensor | number, out?: AnyTensor): AnyTensor => {
    const isM = isMatrix(a);
    if (!isM && !isVector(a) && !isColumn(a)) throw new TypeError(`${op}: a must be a Matrix, a Vector or a Column`);
    const n = a.data.length;
    const o = like(op, a, out);
    // out may be a or b itself (in place). It may not partly overlap them, nor share memory
    // with a broadcast b, whose elements are read once per row (or column).
    if (typeof b === "number") {
      checkInPlace(op, o.data, [a.data]);
      loops.scalar(o.data, a.data, b, n);
      return o;
    }
    if (!isMatrix(b) && !isVector(b) && !isColumn(b)) {
      throw new TypeError(`${op}: b must be a Matrix, a Vector, a Column or a number`);
    }
    sameDType(op, a, b);
    checkInPlace(op, o.data, [a.data, b.data]);
    if (isM && !isMatrix(b)) {
      const col = isColumn(b);
      if (col ? b.size !== a.rows : b.size !== a.cols) {
        const what = col
          ? `a column broadcast needs a column of a.rows (${a.rows})`
          : `a row broadcast needs a vector of a.cols (${a.cols})`;
        throw new ShapeError(op, `${fmtShape(a)} ${symbol(op)} ${fmtShape(b)}: ${what}, got ${b.size}`);
      }
      if (o.data.buffer === b.data.buffer)
        throw new ShapeError(op, "out must not share memory with the broadcast vector");
      (col ? loops.col : loops.row)(o.data, a.data, b.data, a.rows, a.cols);
      return o;
    }
    const same = isM
      ? isMatrix(b) && b.rows === a.rows && b.cols === a.cols
      : b.kind === a.kind && !isMatrix(b) && b.size === (a as Vector<number, DType>).size;
    if (!same) throw new ShapeError(op, `${fmtShape(a)} ${symbol(op)} ${fmtShape(b)}: shapes must be equal`);
    loops.zip(o.data, a.data, b.data, n);
    return o;
  }) as Elementwise<Op>;
}

function symbol(op: string): string {
  return { add: "+", sub: "-", mul: "*", div: "/" }[op] ?? "and";
}

const colOf =
  (f: bk.Strided): Row =>
  (o, a, v, r, c) =>
    f(o, a, v, r, c, 1, 0);

/**
 * a + b: equal shapes, a scalar, a row vector broadcast (the bias add) or a column vector
 * broadcast (one value per row).
 * @example
 * ```ts
 * const X = zeros(100, 784);
 * const W = zeros(784, 50);
 * const b = zerosVector(50);
 * const h = add(dot(X, W), b); // Matrix<100, 50> + Vector<50>
 * ```
 */
export const add: Elementwise<"add"> = elementwise("add", {
  zip: k.add,
  row: k.addRow,
  col: colOf(bk.add),
  scalar: k.addScalar,
});
/**
 * a - b, with the same forms as `add`.
 * @example
 * ```ts
 * const logits = zeros(100, 10);
 * const shifted = sub(logits, max(logits, 1)); // each row minus its own max
 * ```
 */
export const sub: Elementwise<"sub"> = elementwise("sub", {
  zip: k.sub,
  row: k.subRow,
  col: colOf(bk.sub),
  scalar: (o, a, s, n) => k.subScalar(o, a, s, n, false),
});
/** a * b elementwise (not the matrix product: that is `dot`). */
export const mul: Elementwise<"mul"> = elementwise("mul", {
  zip: k.mul,
  row: k.mulRow,
  col: colOf(bk.mul),
  scalar: k.mulScalar,
});
/**
 * a / b elementwise.
 * @example
 * ```ts
 * const P = ones(10, 10);
 * const rows = div(P, sum(P, 1)); // each row divided by its own sum: rows sum to 1
 * ```
 */
export const div: Elementwise<"div"> = elementwise("div", {
  zip: k.div,
  row: k.divRow,
  col: colOf(bk.div),
  scalar: (o, a, s, n) => k.divScalar(o, a, s, n, false),
});

/**
 * s - a for a scalar s.
 * @example
 * ```ts
 * const y = fromArray([[0.25, 0.75]]);
 * const q = rsub(1, y); // 1 - y
 * ```
 */
export function rsub<T extends AnyTensor>(s: number, a: T, out?: NoInfer<T>): T {
  const o = like("rsub", a, out);
  k.subScalar(o.data, a.data, s, a.data.length, true);
  return o as T;
}
/** s / a for a scalar s. */
export function rdiv<T extends AnyTensor>(s: number, a: T, out?: NoInfer<T>): T {
  const o = like("rdiv", a, out);
  k.divScalar(o.data, a.data, s, a.data.length, true);
  return o as T;
}
/** -a. */
export function neg<T extends AnyTensor>(a: T, out?: NoInfer<T>): T {
  const o = like("neg", a, out);
  k.neg(o.data, a.data, a.data.length);
  return o as T;
}

/**
 * A checked `out` of a's shape, or a fresh one. Writing in place (out === a, or === another
 * input in `also`) is fine for elementwise work; a partial overlap is not.
 */
export function like(op: string, a: AnyTensor, out: AnyTensor | undefined, also: readonly AnyTensor[] = []): AnyTensor {
  let o: AnyTensor;
  if (isMatrix(a)) o = outMatrix(op, out as Matrix<number, number, DType> | undefined, a.rows, a.cols, a.dtype);
  else if (isVector(a)) o = outVector(op, out as Vector<number, DType> | undefined, a.size, a.dtype);
  else if (isColumn(a)) o = outColumn(op, out as Column<number, DType> | undefined, a.size, a.dtype);
  else throw new TypeError(`${op}: expected a Matrix, a Vector or a Column`);
  if (out !== undefined) checkInPlace(op, o.data, [a.data, ...also.map((t) => t.data)]);
  return o;
}

// Backward of the elementwise ops, each given dOut = ∂L/∂(a op b) and the forward's operands.
// `b`'s gradient has b's own type: a row-broadcast vector's is the sum over the rows (a
// Vector<C>), a scalar has none. An output passed as null is not computed (a constant needs no
// gradient); one left out is allocated.

/**
 * The gradient of an elementwise op's `b`: b's own type, or nothing for a scalar.
 * @example
 * ```ts
 * const none: OperandGrad<number> = undefined;
 * const db: OperandGrad<Vector<3>> = zerosVector(3);
 * ```
 */
export type OperandGrad<B> = B extends number ? undefined : B;

/**
 * Where elementwise backward writes: dA / dB, null to skip one.
 * @example
 * ```ts
 * const out: ElementwiseGradsOut<Matrix<2, 2>, number> = { dA: zeros(2, 2), dB: null };
 * ```
 */
export interface ElementwiseGradsOut<T, B> {
  readonly dA?: T | null;
  readonly dB?: OperandGrad<B> | null;
}

type BinaryOp = "add" | "sub" | "mul" | "div";

function binaryBackward(
  op: BinaryOp,
  dOut: AnyTensor,
  a: AnyTensor,
  b: AnyTensor | number,
  out: ElementwiseGradsOut<AnyTensor, AnyTensor | number> = {},
): { dA: AnyTensor | undefined; dB: AnyTensor | undefined } {
  const name = `${op}Backward`;
  if (!isMatrix(dOut) && !isVector(dOut) && !isColumn(dOut))
    throw new TypeError(`${name}: dOut must be a Matrix, a Vector or a Column`);
  if (
    dOut.kind !== a.kind ||
    dOut.data.length !== a.data.length ||
    ("rows" in a && "rows" in dOut && a.rows !== dOut.rows)
  ) {
    throw new ShapeError(name, `dOut is ${fmtShape(dOut)} but a is ${fmtShape(a)}`);
  }
  sameDType(name, dOut, a);
  const n = dOut.data.length;
  const row = typeof b !== "number" && isMatrix(a) && isVector(b);
  // A column b (one value per row) broadcast across a's columns: b[i, j] = b[i], strides (1, 0).
  const col = typeof b !== "number" && isMatrix(a) && isColumn(b);
  const rows = isMatrix(a) ? a.rows : 1,
    cols = isMatrix(a) ? a.cols : n;
  let dA: AnyTensor | undefined;
  if (out.dA !== null) {
    dA = like(name, dOut, out.dA);
    const o = dA.data;
    if (op === "add" || op === "sub") k.copy(o, dOut.data, n);
    else if (typeof b === "number") {
      if (op === "mul") k.mulScalar(o, dOut.data, b, n);
      else k.divScalar(o, dOut.data, b, n, false);
    } else if (row) {
      if (op === "mul") k.mulRow(o, dOut.data, b.data, rows, cols);
      else k.divRow(o, dOut.data, b.data, rows, cols);
    } else if (col) {
      if (op === "mul") bk.mul(o, dOut.data, b.data, rows, cols, 1, 0);
      else bk.div(o, dOut.data, b.data, rows, cols, 1, 0);
    } else if (op === "mul") k.mul(o, dOut.data, b.data, n);
    else k.div(o, dOut.data, b.data, n);
  }
  let dB: AnyTensor | undefined;
  if (typeof b !== "number" && out.dB !== null) {
    sameDType(name, dOut, b);
    if (!row && !col && (b.kind !== a.kind || b.data.length !== n))
      throw new ShapeError(name, `b is ${fmtShape(b)} but a is ${fmtShape(a)}`);
    if (row && (b as Vector<number, DType>).size !== cols)
      throw new ShapeError(name, `b is ${fmtShape(b)} but a has ${cols} columns`);
    if (col && b.data.length !== rows) throw new ShapeError(name, `b is ${fmtShape(b)} but a has ${rows} rows`);
    dB = like(name, b, out.dB as AnyTensor | undefined);
    const o = dB.data,
      g = dOut.data,
      x = a.data,
      y = b.data;
    if (col) {
      // The row sums of dOut (add, sub), of dOut ⊙ a (mul) or of -dOut ⊙ a / b² (div).
      for (let i = 0; i < rows; i++) {
        let s = 0;
        if (op === "add" || op === "sub") for (let j = 0; j < cols; j++) s += g[i * cols + j]!;
        else for (let j = 0; j < cols; j++) s += g[i * cols + j]! * x[i * cols + j]!;
        o[i] = op === "add" || op === "mul" ? s : op === "sub" ? -s : -s / (y[i]! * y[i]!);
      }
    } else if (!row) {
      if (op === "add") k.copy(o, g, n);
      else if (op === "sub") k.neg(o, g, n);
      else if (op === "mul") k.mul(o, g, x, n);
      // d(a/b)/db = -a/b²
      else for (let i = 0; i < n; i++) o[i] = (-g[i]! * x[i]!) / (y[i]! * y[i]!);
    } else if (op === "add" || op === "sub") {
      sumAxis0(o, g, rows, cols);
      if (op === "sub") k.neg(o, o, cols);
    } else {
      // The column sums of dOut ⊙ a (mul) or of -dOut ⊙ a / b² (div), with no matrix-sized scratch.
      o.fill(0, 0, cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) o[j] += g[i * cols + j]! * x[i * cols + j]!;
      if (op === "div") for (let j = 0; j < cols; j++) o[j] = -o[j]! / (y[j]! * y[j]!);
    }
  }
  return { dA, dB };
}

/**
 * The typed signature shared by addBackward, subBackward, mulBackward and divBackward.
 * @example
 * ```ts
 * const back: ElementwiseBackward<"add"> = addBackward;
 * ```
 */
export type ElementwiseBackward<Op extends string = string> = <T extends AnyTensor, B extends Operand<Op, T>>(
  dOut: T,
  a: NoInfer<T>,
  b: B,
  out?: ElementwiseGradsOut<NoInfer<T>, NoInfer<B>>,
) => { dA: T; dB: OperandGrad<B> };

function backwardOf<Op extends BinaryOp>(op: Op): ElementwiseBackward<Op> {
  return ((
    dOut: AnyTensor,
    a: AnyTensor,
    b: AnyTensor | number,
    out?: ElementwiseGradsOut<AnyTensor, AnyTensor | number>,
  ) => binaryBackward(op, dOut, a, b, out)) as ElementwiseBackward<Op>;
}

/**
 * Backward of `add`: dA = dOut, dB = dOut (or, for a bias b, its sum over rows: a Vector<C>).
 * @example
 * ```ts
 * const X = zeros(4, 3), b = zerosVector(3);
 * const { dB } = addBackward(ones(4, 3), X, b); // Vector<3>: 4 in every entry
 * ```
 */
export const addBackward: ElementwiseBackward<"add"> = backwardOf("add");
/**
 * Backward of `sub`: dA = dOut, dB = -dOut (summed over rows for a row vector).
 * @example
 * ```ts
 * const { dA, dB } = subBackward(ones(4, 3), ones(4, 3), zerosVector(3)); // dB: Vector<3> of -4
 * ```
 */
export const subBackward: ElementwiseBackward<"sub"> = backwardOf("sub");
/**
 * Backward of `mul`: dA = dOut ⊙ b, dB = dOut ⊙ a (summed over rows for a row vector).
 * @example
 * ```ts
 * const { dA } = mulBackward(ones(2, 2), ones(2, 2), 3); // 3 everywhere; dB: undefined for a scalar
 * ```
 */
export const mulBackward: ElementwiseBackward<"mul"> = backwardOf("mul");
/**
 * Backward of `div`: dA = dOut / b, dB = -dOut ⊙ a / b² (summed over rows for a row vector).
 * @example
 * ```ts
 * const { dA, dB } = divBackward(ones(2, 2), ones(2, 2), full(2, 2, 2)); // 0.5 and -0.25
 * ```
 */
export const divBackward: ElementwiseBackward<"div"> = backwardOf("div");

/**
 * Backward of `rsub(s, a)` = s - a: dA = -dOut.
 * @example
 * ```ts
 * const dA = rsubBackward(ones(2, 2)); // -1 everywhere
 * ```
 */
export function rsubBackward<T extends AnyTensor>(dOut: T, out?: NoInfer<T>): T {
  return neg(dOut, out);
}
/**
 * Backward of `rdiv(s, a)` = s / a: dA = -s · dOut / a².
 * @example
 * ```ts
 * const dA = rdivBackward(ones(2, 2), full(2, 2, 2), 1); // -0.25 everywhere
 * ```
 */
export function rdivBackward<T extends AnyTensor>(dOut: T, a: NoInfer<T>, s: number, out?: NoInfer<T>): T {
  const o = like("rdivBackward", dOut, out, [a]);
  if (o.data.length !== a.data.length)
    throw new ShapeError("rdivBackward", `dOut is ${fmtShape(dOut)} but a is ${fmtShape(a)}`);
  const g = dOut.data,
    x = a.data,
    d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = (-s * g[i]!) / (x[i]! * x[i]!);
  return o as T;
}
/**
 * Backward of `neg`: dA = -dOut.
 * @example
 * ```ts
 * const dA = negBackward(ones(2, 2));
 * ```
 */
export function negBackward<T extends AnyTensor>(dOut: T, out?: NoInfer<T>): T {
  return neg(dOut, out);
}
