// add, sub, mul, div: equal shapes, a scalar, or a matrix with a vector of its column count
// broadcast over rows (the bias add). No other broadcast: NumPy's silent (B,) + (B,1) -> (B,B)
// is the bug this library exists to prevent.
import type { Buf, DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import * as k from "../kernels/elementwise.js";
import { checkInPlace, isMatrix, isVector, outMatrix, outVector, sameDType } from "./check.js";

/** Any matrix or vector. */
export type AnyTensor = Matrix<number, number, DType> | Vector<number, DType>;

/**
 * The typed signature shared by add, sub, mul and div. `b` is a tensor of exactly `a`'s type,
 * a scalar, or (when `a` is a matrix) a vector of its column count. The conditional resolves
 * to `never` for a vector `a`, and is written inline so errors print `Vector<3, "f32">`.
 */
export type Elementwise<Op extends string = string> = <T extends AnyTensor>(
  a: T,
  b: Operand<Op, T>,
  out?: NoInfer<T>,
) => T;

/** What elementwise `Op` accepts beside an `a` of type T (named so errors read `Operand<"add", ...>`). */
export type Operand<Op extends string, T extends AnyTensor> =
  | NoInfer<T>
  | (T extends Vector<number, DType> ? never : Vector<T[Extract<"cols", keyof T>] & number, T["dtype"]>)
  | number;

type Zip = (out: Buf, a: Buf, b: Buf, n: number) => Buf;
type Row = (out: Buf, a: Buf, v: Buf, rows: number, cols: number) => Buf;
type Scalar = (out: Buf, a: Buf, s: number, n: number) => Buf;

function elementwise<Op extends string>(op: Op, zip: Zip, row: Row, scalar: Scalar): Elementwise<Op> {
  return ((a: AnyTensor, b: AnyTensor | number, out?: AnyTensor): AnyTensor => {
    const isM = isMatrix(a);
    if (!isM && !isVector(a)) throw new TypeError(`${op}: a must be a Matrix or a Vector`);
    const n = a.data.length;
    const o = isM
      ? outMatrix(op, out as Matrix<number, number, DType> | undefined, a.rows, a.cols, a.dtype)
      : outVector(op, out as Vector<number, DType> | undefined, (a as Vector<number, DType>).size, a.dtype);
    // out may be a or b itself (in place). It may not partly overlap them, nor share memory
    // with a broadcast b, whose elements are read once per row.
    if (typeof b === "number") {
      checkInPlace(op, o.data, [a.data]);
      scalar(o.data, a.data, b, n);
      return o;
    }
    if (!isMatrix(b) && !isVector(b)) throw new TypeError(`${op}: b must be a Matrix, a Vector or a number`);
    sameDType(op, a, b);
    checkInPlace(op, o.data, [a.data, b.data]);
    if (isM && isVector(b)) {
      if (b.size !== a.cols) {
        throw new ShapeError(op, `${fmtShape(a)} ${symbol(op)} ${fmtShape(b)}: a row broadcast needs a vector of a.cols (${a.cols}), got ${b.size}`);
      }
      if (o.data.buffer === b.data.buffer) throw new ShapeError(op, "out must not share memory with the broadcast vector");
      row(o.data, a.data, b.data, a.rows, a.cols);
      return o;
    }
    const same = isM
      ? isMatrix(b) && b.rows === a.rows && b.cols === a.cols
      : isVector(b) && b.size === (a as Vector<number, DType>).size;
    if (!same) throw new ShapeError(op, `${fmtShape(a)} ${symbol(op)} ${fmtShape(b)}: shapes must be equal`);
    zip(o.data, a.data, b.data, n);
    return o;
  }) as Elementwise<Op>;
}

function symbol(op: string): string {
  return { add: "+", sub: "-", mul: "*", div: "/" }[op] ?? op;
}

/**
 * a + b: equal shapes, a scalar, or a row vector broadcast (the bias add).
 * @example
 * ```ts
 * const X = zeros(100, 784), W = zeros(784, 50), b = zerosVector(50);
 * const h = add(dot(X, W), b); // Matrix<100, 50> + Vector<50>
 * ```
 */
export const add: Elementwise<"add"> = elementwise("add", k.add, k.addRow, k.addScalar);
/** a - b, with the same forms as `add`. */
export const sub: Elementwise<"sub"> = elementwise("sub", k.sub, k.subRow, (o, a, s, n) => k.subScalar(o, a, s, n, false));
/** a * b elementwise (not the matrix product: that is `dot`). */
export const mul: Elementwise<"mul"> = elementwise("mul", k.mul, k.mulRow, k.mulScalar);
/** a / b elementwise. */
export const div: Elementwise<"div"> = elementwise("div", k.div, k.divRow, (o, a, s, n) => k.divScalar(o, a, s, n, false));

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
  else throw new TypeError(`${op}: expected a Matrix or a Vector`);
  if (out !== undefined) checkInPlace(op, o.data, [a.data, ...also.map((t) => t.data)]);
  return o;
}
