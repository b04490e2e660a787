// Joining matrices and vectors. The joined dim is a sum of sizes, which the types do not compute
// (no arithmetic on sizes in types): it is `number`, or the size you declare, checked at run
// time. The other dim must agree across the parts, and is checked at compile time as everywhere
// else: it is inferred from the first part alone (the rest are NoInfer), so a mismatch is an
// error at the part that disagrees rather than a union.
import { allocate, type DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import { Matrix, type Vector } from "../shape/tensor.js";
import { isMatrix, isVector, outMatrix, outVector, sameDType } from "./check.js";

function checkParts(op: string, parts: unknown, isPart: (x: unknown) => boolean, what: string): void {
  if (!Array.isArray(parts) || parts.length === 0) throw new TypeError(`${op}: expected a non-empty array of ${what}`);
  parts.forEach((p, i) => {
    if (!isPart(p)) throw new TypeError(`${op}: part ${i} is not ${what === "matrices" ? "a matrix" : "a vector"}`);
  });
}
function checkAxis(op: string, axis: unknown): void {
  if (axis !== 0 && axis !== 1) throw new RangeError(`${op}: axis must be 0 or 1, got ${String(axis)}`);
}
function checkDeclared(op: string, what: string, total: number, declared: number | undefined): void {
  if (declared !== undefined && declared !== total)
    throw new ShapeError(op, `the parts have ${total} ${what} in all but the declared size is ${declared}`);
}

/**
 * Matrices joined along an axis: axis 0 stacks them top to bottom (equal column counts), axis 1
 * side by side (equal row counts). The joined dim is `number`, or `size` when given. One
 * signature (not an overload per axis), so a mismatch reads as one plain error.
 * @example
 * ```ts
 * const a = zeros(2, 3), b = ones(4, 3);
 * const tall = concat([a, b], 0, 6); // Matrix<6, 3>
 * const wide = concat([zeros(2, 1), ones(2, 5)], 1); // Matrix<2, number>
 * ```
 */
export function concat<
  R extends number,
  C extends number,
  D extends DType,
  A extends 0 | 1,
  const N extends number = number,
>(
  parts: readonly [
    Matrix<R, C, D>,
    ...Matrix<A extends 0 ? number : NoInfer<R>, A extends 0 ? NoInfer<C> : number, NoInfer<D>>[],
  ],
  axis: A,
  size?: N,
): A extends 0 ? Matrix<N, C, D> : Matrix<R, N, D>;
export function concat(
  parts: readonly Matrix<number, number, DType>[],
  axis: 0 | 1,
  size?: number,
): Matrix<number, number, DType> {
  checkParts("concat", parts, isMatrix, "matrices");
  checkAxis("concat", axis);
  const first = parts[0]!;
  parts.forEach((p, i) => {
    sameDType("concat", first, p);
    const ok = axis === 0 ? p.cols === first.cols : p.rows === first.rows;
    if (!ok) {
      const dim = axis === 0 ? "cols" : "rows";
      throw new ShapeError(
        "concat",
        `part ${i} is ${fmtShape(p)} but part 0 is ${fmtShape(first)}: along axis ${axis} every part needs ${first[dim]} ${dim === "cols" ? "columns" : "rows"}`,
      );
    }
  });
  const total = parts.reduce((s, p) => s + (axis === 0 ? p.rows : p.cols), 0);
  checkDeclared("concat", axis === 0 ? "rows" : "columns", total, size);
  const rows = axis === 0 ? total : first.rows,
    cols = axis === 0 ? first.cols : total;
  const out = allocate(first.dtype, rows * cols);
  let at = 0;
  for (const p of parts) {
    if (axis === 0) out.set(p.data, at * cols);
    else for (let i = 0; i < rows; i++) out.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * cols + at);
    at += axis === 0 ? p.rows : p.cols;
  }
  return new Matrix(out, rows, cols);
}

/**
 * Vectors of one size stacked into a matrix: axis 0 makes each vector a row (`Matrix<number, N>`),
 * axis 1 makes each a column (`Matrix<N, number>`); the count is `number`, or `count` when given.
 * @example
 * ```ts
 * const u = vectorFromArray([1, 2, 3]), v = vectorFromArray([4, 5, 6]);
 * const rows = stack([u, v], 0, 2); // Matrix<2, 3>: [[1, 2, 3], [4, 5, 6]]
 * const cols = stack([u, v], 1, 2); // Matrix<3, 2>: [[1, 4], [2, 5], [3, 6]]
 * ```
 */
export function stack<K extends number, D extends DType, A extends 0 | 1, const N extends number = number>(
  parts: readonly [Vector<K, D>, ...Vector<NoInfer<K>, NoInfer<D>>[]],
  axis: A,
  count?: N,
): A extends 0 ? Matrix<N, K, D> : Matrix<K, N, D>;
export function stack(
  parts: readonly Vector<number, DType>[],
  axis: 0 | 1,
  count?: number,
): Matrix<number, number, DType> {
  checkParts("stack", parts, isVector, "vectors");
  checkAxis("stack", axis);
  const first = parts[0]!;
  parts.forEach((p, i) => {
    sameDType("stack", first, p);
    if (p.size !== first.size)
      throw new ShapeError(
        "stack",
        `part ${i} is ${fmtShape(p)} but part 0 is ${fmtShape(first)}: sizes must be equal`,
      );
  });
  checkDeclared("stack", "vectors", parts.length, count);
  const k = first.size,
    n = parts.length;
  const out = allocate(first.dtype, n * k);
  parts.forEach((p, t) => {
    if (axis === 0) out.set(p.data, t * k);
    else for (let i = 0; i < k; i++) out[i * n + t] = p.data[i]!;
  });
  return axis === 0 ? new Matrix(out, n, k) : new Matrix(out, k, n);
}

/**
 * Backward of `concat(parts, axis)`: dOut cut back into the parts' shapes (axis 0: consecutive
 * row blocks, axis 1: column blocks), written into `outs[i]` where given (null skips part i:
 * a constant's); returns the gradients in the parts' order.
 * @example
 * ```ts
 * const [dA, dB] = concatBackward(ones(5, 3), [zeros(2, 3), zeros(3, 3)], 0); // Matrix<2, 3>, Matrix<3, 3>
 * ```
 */
export function concatBackward<D extends DType>(
  dOut: Matrix<number, number, D>,
  parts: readonly Matrix<number, number, D>[],
  axis: 0 | 1,
  outs: readonly (Matrix<number, number, D> | null | undefined)[] = [],
): (Matrix<number, number, D> | undefined)[] {
  checkParts("concatBackward", parts, isMatrix, "matrices");
  checkAxis("concatBackward", axis);
  if (!isMatrix(dOut)) throw new TypeError("concatBackward: dOut must be a Matrix");
  const total = parts.reduce((s, p) => s + (axis === 0 ? p.rows : p.cols), 0);
  const first = parts[0]!;
  const [rows, cols] = axis === 0 ? [total, first.cols] : [first.rows, total];
  if (dOut.rows !== rows || dOut.cols !== cols)
    throw new ShapeError("concatBackward", `dOut is ${fmtShape(dOut)} but the parts join to [${rows}, ${cols}]`);
  let at = 0;
  return parts.map((p, t) => {
    sameDType("concatBackward", dOut, p);
    const o = outs[t];
    const start = at;
    at += axis === 0 ? p.rows : p.cols;
    if (o === null) return undefined;
    const d = outMatrix("concatBackward", o, p.rows, p.cols, p.dtype, [dOut.data]);
    if (axis === 0) d.data.set(dOut.data.subarray(start * cols, (start + p.rows) * cols));
    else
      for (let i = 0; i < rows; i++)
        d.data.set(dOut.data.subarray(i * cols + start, i * cols + start + p.cols), i * p.cols);
    return d;
  });
}

/**
 * Backward of `stack(parts, axis)`: part t's gradient is row t of dOut (axis 0) or column t
 * (axis 1), written into `outs[t]` where given (null skips part t).
 * @example
 * ```ts
 * const [du, dv] = stackBackward(ones(2, 3), [zerosVector(3), zerosVector(3)], 0); // Vector<3> each
 * ```
 */
export function stackBackward<D extends DType>(
  dOut: Matrix<number, number, D>,
  parts: readonly Vector<number, D>[],
  axis: 0 | 1,
  outs: readonly (Vector<number, D> | null | undefined)[] = [],
): (Vector<number, D> | undefined)[] {
  checkParts("stackBackward", parts, isVector, "vectors");
  checkAxis("stackBackward", axis);
  if (!isMatrix(dOut)) throw new TypeError("stackBackward: dOut must be a Matrix");
  const k = parts[0]!.size,
    n = parts.length;
  const [rows, cols] = axis === 0 ? [n, k] : [k, n];
  if (dOut.rows !== rows || dOut.cols !== cols)
    throw new ShapeError("stackBackward", `dOut is ${fmtShape(dOut)} but the parts stack to [${rows}, ${cols}]`);
  return parts.map((p, t) => {
    sameDType("stackBackward", dOut, p);
    if (p.size !== k) throw new ShapeError("stackBackward", `part ${t} is ${fmtShape(p)} but part 0 is [${k}]`);
    const o = outs[t];
    if (o === null) return undefined;
    const d = outVector("stackBackward", o, k, p.dtype, [dOut.data]);
    if (axis === 0) d.data.set(dOut.data.subarray(t * k, (t + 1) * k));
    else for (let i = 0; i < k; i++) d.data[i] = dOut.data[i * n + t]!;
    return d;
  });
}
