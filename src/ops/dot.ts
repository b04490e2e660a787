// dot: matrix·matrix and matrix·vector, with lazy transposed operands (`X.T`) so the backward
// pass's Xᵀ·dY and dY·Wᵀ never copy. The inner dim K and the dtype D are inferred from `a`
// alone: were they also inferred from `b`, dot(Matrix<2,3>, Matrix<4,5>) would infer K = 3 | 4
// and compile. Here `b` is its own type parameter B, checked against a constraint built from K
// (TypeScript does not infer from a constraint; the NoInfer there says so explicitly). `out`
// must be NoInfer: without it, dot(X, W, zeros(100, 50, "f64")) would infer D = "f32" | "f64".
import type { DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import { Matrix, Vector, type MatrixLike } from "../shape/tensor.js";
import { gemmNN, gemmNT, gemmTN, gemmTT, gemv, gemvT } from "../kernels/gemm.js";
import { isMatrix, isTransposed, isVector, outMatrix, outVector, sameDType } from "./check.js";

/**
 * The result of `dot(a, b)` for an `R`-row `a`: a vector for a vector `b`, else a matrix with b's
 * columns. It branches on `b.kind`, a literal that does not depend on b's dims, so it resolves
 * inside generic code too (`dot(x: Matrix<B, I>, w: Matrix<I, O>)` is a `Matrix<B, O>`). When
 * `b` is refused, B falls back to the whole operand union; its kinds are mixed, so the result is
 * one `Matrix<R, number>` and the only error is the one at the mistake, not a second, longer one
 * at every later op on a `Matrix | Vector` union.
 */
export type DotResult<R extends number, B extends { readonly kind: string }, D extends DType> = [B["kind"]] extends ["vector"]
  ? Vector<R, D>
  : Matrix<R, [B["kind"]] extends ["matrix" | "transposed"] ? B[Extract<"cols", keyof B>] & number : number, D>;

/** What `dot` accepts as its second operand when its first has `K` columns: K rows (or size K). */
export type DotOperand<K extends number, D extends DType> = MatrixLike<K, number, D> | Vector<K, D>;

/**
 * Matrix product `a · b`. Either operand may be a transposed view (`m.T`); `b` may be a vector.
 * @example
 * ```ts
 * const X = zeros(100, 784), W = zeros(784, 50), dY = zeros(100, 50);
 * const h = dot(X, W);      // Matrix<100, 784> · Matrix<784, 50> -> Matrix<100, 50>
 * const dW = dot(X.T, dY);  // Xᵀ·dY without materializing Xᵀ
 * ```
 */
export function dot<
  R extends number, K extends number, D extends DType,
  B extends DotOperand<NoInfer<K>, NoInfer<D>>,
>(a: MatrixLike<R, K, D>, b: B, out?: NoInfer<DotResult<R, B, D>>): DotResult<R, B, D> {
  if (!isMatrix(a) && !isTransposed(a)) throw new TypeError("dot: a must be a Matrix or a transposed view");
  const ta = isTransposed(a);
  const A = ta ? a.base : a;
  if (!isMatrix(b) && !isTransposed(b) && !isVector(b)) throw new TypeError("dot: b must be a Matrix, a transposed view or a Vector");
  sameDType("dot", a, b);
  if (isVector(b)) {
    if (a.cols !== b.size) {
      throw new ShapeError("dot", `${fmtShape(a)} x ${fmtShape(b)}: a.cols (${a.cols}) must equal b.size (${b.size})`);
    }
    const o = outVector("dot", out as Vector<number, DType> | undefined, a.rows, a.dtype, [A.data, b.data]);
    if (ta) gemvT(o.data, A.data, b.data, a.rows, a.cols);
    else gemv(o.data, A.data, b.data, a.rows, a.cols);
    return o as DotResult<R, B, D>;
  }
  if (a.cols !== b.rows) {
    throw new ShapeError("dot", `${fmtShape(a)} x ${fmtShape(b)}: a.cols (${a.cols}) must equal b.rows (${b.rows})`);
  }
  const tb = isTransposed(b);
  const Bm = tb ? b.base : b;
  const m = a.rows, k = a.cols, n = b.cols;
  const o = outMatrix("dot", out as Matrix<number, number, DType> | undefined, m, n, a.dtype, [A.data, Bm.data]);
  if (!ta && !tb) gemmNN(o.data, A.data, Bm.data, m, k, n);
  else if (ta && !tb) gemmTN(o.data, A.data, Bm.data, m, k, n);
  else if (!ta && tb) gemmNT(o.data, A.data, Bm.data, m, k, n);
  else gemmTT(o.data, A.data, Bm.data, m, k, n);
  return o as DotResult<R, B, D>;
}

/**
 * Backward of `dot(a, b)` for matrices: given dOut = ∂L/∂(a·b), returns dA = dOut·bᵀ and
 * dB = aᵀ·dOut, each with its operand's shape.
 */
export function dotBackward<R extends number, K extends number, C extends number, D extends DType>(
  // R and C come from dOut alone, K from a alone: inferring a dim from two arguments would let
  // TypeScript widen it to a union (C = 10 | 50) instead of reporting the mismatch.
  dOut: Matrix<R, C, D>, a: Matrix<NoInfer<R>, K, NoInfer<D>>, b: Matrix<NoInfer<K>, NoInfer<C>, NoInfer<D>>,
): { dA: Matrix<R, K, D>; dB: Matrix<K, C, D> } {
  if (a.cols !== b.rows) {
    throw new ShapeError("dotBackward", `${fmtShape(a)} x ${fmtShape(b)}: a.cols (${a.cols}) must equal b.rows (${b.rows})`);
  }
  if (dOut.rows !== a.rows || dOut.cols !== b.cols) {
    throw new ShapeError("dotBackward", `dOut is ${fmtShape(dOut)} but a·b is [${a.rows}, ${b.cols}]`);
  }
  const dA = outMatrix("dotBackward", undefined, a.rows, a.cols, a.dtype);
  const dB = outMatrix("dotBackward", undefined, b.rows, b.cols, b.dtype);
  dotBackwardInto(dOut, a, b, dA, dB);
  return { dA, dB } as { dA: Matrix<R, K, D>; dB: Matrix<K, C, D> };
}

/**
 * Backward of every form of `dot(a, b)` (either operand a transposed view, b a vector), written
 * into `dA` and `dB`, each shaped like its operand's storage (a view's gradient is its base's):
 * with A and B the operands as multiplied, dA = dOut·Bᵀ and dB = Aᵀ·dOut, transposed back for a
 * view (d(a₀) = B·dOutᵀ when A = a₀ᵀ), and dA = dOut ⊗ b for a vector b. Pass null to skip a
 * gradient (a constant operand's). Reads views in place, like `dot`: nothing is transposed.
 * @example
 * ```ts
 * const a = ones(2, 3), b = ones(3, 4), dA = zeros(2, 3), dB = zeros(3, 4);
 * dotBackwardInto(ones(2, 4), a, b, dA, dB); // dA = dOut·bᵀ, dB = aᵀ·dOut
 * ```
 */
export function dotBackwardInto<D extends DType>(
  dOut: Matrix<number, number, D> | Vector<number, D>, a: MatrixLike<number, number, D>,
  b: MatrixLike<number, number, D> | Vector<number, D>,
  dA: Matrix<number, number, D> | null, dB: Matrix<number, number, D> | Vector<number, D> | null,
): void {
  const ta = isTransposed(a);
  if (isVector(b)) {
    if (!isVector(dOut) || dOut.size !== a.rows || b.size !== a.cols) {
      throw new ShapeError("dotBackward", `dOut is ${fmtShape(dOut)} but ${fmtShape(a)} x ${fmtShape(b)} is [${a.rows}]`);
    }
    // The outer product dOut ⊗ b as a (R×1)·(1×K) product; for a view, b ⊗ dOut into its base.
    if (dA) dot(ta ? columnOf(b) : columnOf(dOut), ta ? rowOf(dOut) : rowOf(b), dA);
    if (dB) dot(a.T, dOut, dB as Vector<number, D>);
    return;
  }
  if (!isMatrix(dOut) || dOut.rows !== a.rows || dOut.cols !== b.cols || a.cols !== b.rows) {
    throw new ShapeError("dotBackward", `dOut is ${fmtShape(dOut)} but ${fmtShape(a)} x ${fmtShape(b)} is [${a.rows}, ${b.cols}]`);
  }
  if (dA) dot(ta ? b : dOut, ta ? dOut.T : b.T, dA);
  if (dB) dot(isTransposed(b) ? dOut.T : a.T, isTransposed(b) ? a : dOut, dB as Matrix<number, number, D>);
}

function columnOf<D extends DType>(v: Vector<number, D>): Matrix<number, 1, D> {
  return new Matrix(v.data, v.size, 1);
}
function rowOf<D extends DType>(v: Vector<number, D>): Matrix<1, number, D> {
  return new Matrix(v.data, 1, v.size);
}
