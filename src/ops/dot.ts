// dot: matrix·matrix, matrix·vector, vector·matrix and vector·vector (the inner product), with
// lazy transposed operands (`X.T`) so the backward pass's Xᵀ·dY and dY·Wᵀ never copy. The inner
// dim K and the dtype D are inferred from `a` alone: were they also inferred from `b`,
// dot(Matrix<2,3>, Matrix<4,5>) would infer K = 3 | 4 and compile. Here `b` is its own type
// parameter B, checked against a constraint built from K (TypeScript does not infer from a
// constraint; the NoInfer there says so explicitly). `out` must be NoInfer: without it,
// dot(X, W, zeros(100, 50, "f64")) would infer D = "f32" | "f64".
import type { ArrayOf, DType } from "../shape/dtype.js";
import { fmtShape, ShapeError } from "../shape/shape-error.js";
import { Matrix, type Column, type MatrixLike, type Vector } from "../shape/tensor.js";
import { gemmNN, gemmNT, gemmTN, gemmTT, gemv, gemvT } from "../kernels/gemm.js";
import { isColumn, isMatrix, isTransposed, isVector, outColumn, outMatrix, outVector, sameDType } from "./check.js";

/** The kinds of `dot`'s first operand: a matrix, a transposed view, or a (row) vector. */
export type DotLeftKind = "matrix" | "transposed" | "vector";

/**
 * The result of `dot(a, b)` for an `R`-row `a` of kind `AK`. A matrix `a` gives a row vector for
 * a vector `b` (as it always has), a column for a column `b`, else a matrix with b's columns; a
 * vector `a` gives the inner product (a number) for a vector `b`, else a vector of b's columns.
 * It branches on `kind`s, literals that do not depend on the dims, so it resolves inside generic
 * code too (`dot(x: Matrix<B, I>, w: Matrix<I, O>)` is a `Matrix<B, O>`).
 *
 * When `b` is refused, B falls back to the whole operand union, whose kinds are mixed: the
 * result is then a matrix (or vector) of `any` dims, which every later op accepts. That is
 * deliberate: one mistake gives one error, at the mistake, not a second one on each line the
 * bad value flows into (`sub(W, mul(dW, lr))` after a refused `dW = dot(X, dH)`).
 */
export type DotResult<
  R extends number,
  B extends { readonly kind: string },
  D extends DType,
  AK extends DotLeftKind = "matrix",
> = [B["kind"]] extends ["vector" | "column"]
  ? [AK] extends ["vector"]
    ? number
    : [B["kind"]] extends ["vector"]
      ? Vector<R, D>
      : Column<R, D>
  : [B["kind"]] extends ["matrix" | "transposed"]
    ? [AK] extends ["vector"]
      ? Vector<B[Extract<"cols", keyof B>] & number, D>
      : Matrix<R, B[Extract<"cols", keyof B>] & number, D>
    : [AK] extends ["vector"]
      ? Vector<any, D>
      : Matrix<any, any, D>; // b was refused: see above

/**
 * What `dot` accepts as its second operand when its first has `K` columns (or, for a vector,
 * `K` elements): a matrix or transposed view with K rows, or a vector or column of size K.
 */
export type DotOperand<K extends number, D extends DType> = MatrixLike<K, number, D> | Vector<K, D> | Column<K, D>;

/**
 * Matrix product `a · b`. Either operand may be a transposed view (`m.T`); `b` may be a vector
 * (or a column), and `a` may be a vector: `dot(v, M)` is v·M, `dot(u, v)` the inner product.
 * @example
 * ```ts
 * const X = zeros(100, 784);
 * const W = zeros(784, 50);
 * const dY = zeros(100, 50);
 * const h = dot(X, W);      // Matrix<100, 784> · Matrix<784, 50> -> Matrix<100, 50>
 * const dW = dot(X.T, dY);  // Xᵀ·dY without materializing Xᵀ
 * const v = zerosVector(784);
 * const vW = dot(v, W);     // Vector<784> · Matrix<784, 50> -> Vector<50>
 * const vv = dot(v, v);     // the inner product: a number
 * ```
 */
export function dot<
  R extends number,
  K extends number,
  D extends DType,
  AK extends DotLeftKind,
  B extends DotOperand<NoInfer<K>, NoInfer<D>>,
>(
  a:
    | { readonly kind: AK; readonly rows: R; readonly cols: K; readonly dtype: D }
    | { readonly kind: AK; readonly size: K; readonly dtype: D },
  b: B,
  out?: NoInfer<DotResult<R, B, D, AK>>,
): DotResult<R, B, D, AK> {
  type Out = DotResult<R, B, D, AK>;
  const av = isVector(a);
  if (!isMatrix(a) && !isTransposed(a) && !av)
    throw new TypeError("dot: a must be a Matrix, a transposed view or a Vector");
  if (!isMatrix(b) && !isTransposed(b) && !isVector(b) && !isColumn(b)) {
    throw new TypeError("dot: b must be a Matrix, a transposed view, a Vector or a Column");
  }
  sameDType("dot", a, b);
  const k = av ? a.size : a.cols;
  const bv = isVector(b) || isColumn(b);
  if (k !== (bv ? b.size : b.rows)) {
    const what = av ? `a.size (${k})` : `a.cols (${k})`;
    throw new ShapeError(
      "dot",
      `${fmtShape(a)} x ${fmtShape(b)}: ${what} must equal ${bv ? `b.size (${b.size})` : `b.rows (${b.rows})`}`,
    );
  }
  if (av) {
    if (bv) {
      if (out !== undefined)
        throw new ShapeError("dot", "the inner product of two vectors is a number: it takes no `out`");
      let s = 0;
      for (let i = 0; i < k; i++) s += a.data[i]! * b.data[i]!;
      return s as Out;
    }
    // v·M is Mᵀ·v: one matrix-vector loop over M's storage, transposed or not.
    const tb = isTransposed(b);
    const Bm = tb ? b.base : b;
    const o = outVector("dot", out as Vector<number, DType> | undefined, b.cols, a.dtype, [a.data, Bm.data]);
    if (tb) gemv(o.data, Bm.data, a.data, b.cols, k);
    else gemvT(o.data, Bm.data, a.data, b.cols, k);
    return o as Out;
  }
  const ta = isTransposed(a);
  const A = ta ? a.base : a;
  if (bv) {
    const o = isColumn(b)
      ? outColumn("dot", out as Column<number, DType> | undefined, a.rows, a.dtype, [A.data, b.data])
      : outVector("dot", out as Vector<number, DType> | undefined, a.rows, a.dtype, [A.data, b.data]);
    if (ta) gemvT(o.data, A.data, b.data, a.rows, a.cols);
    else gemv(o.data, A.data, b.data, a.rows, a.cols);
    return o as Out;
  }
  const tb = isTransposed(b);
  const Bm = tb ? b.base : b;
  const m = a.rows,
    n = b.cols;
  const o = outMatrix("dot", out as Matrix<number, number, DType> | undefined, m, n, a.dtype, [A.data, Bm.data]);
  if (!ta && !tb) gemmNN(o.data, A.data, Bm.data, m, k, n);
  else if (ta && !tb) gemmTN(o.data, A.data, Bm.data, m, k, n);
  else if (!ta && tb) gemmNT(o.data, A.data, Bm.data, m, k, n);
  else gemmTT(o.data, A.data, Bm.data, m, k, n);
  return o as Out;
}

/**
 * Backward of `dot(a, b)` for matrices: given dOut = ∂L/∂(a·b), returns dA = dOut·bᵀ and
 * dB = aᵀ·dOut, each with its operand's shape.
 */
export function dotBackward<R extends number, K extends number, C extends number, D extends DType>(
  // R and C come from dOut alone, K from a alone: inferring a dim from two arguments would let
  // TypeScript widen it to a union (C = 10 | 50) instead of reporting the mismatch.
  dOut: Matrix<R, C, D>,
  a: Matrix<NoInfer<R>, K, NoInfer<D>>,
  b: Matrix<NoInfer<K>, NoInfer<C>, NoInfer<D>>,
): { dA: Matrix<R, K, D>; dB: Matrix<K, C, D> } {
  if (a.cols !== b.rows) {
    throw new ShapeError(
      "dotBackward",
      `${fmtShape(a)} x ${fmtShape(b)}: a.cols (${a.cols}) must equal b.rows (${b.rows})`,
    );
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
 * Backward of every form of `dot(a, b)`, written into `dA` and `dB`, each shaped like its
 * operand's storage (a view's gradient is its base's): with A and B the operands as multiplied,
 * dA = dOut·Bᵀ and dB = Aᵀ·dOut, transposed back for a view (d(a₀) = B·dOutᵀ when A = a₀ᵀ).
 * For the vector forms that is: M·v (or M·column) dA = dOut ⊗ v, dv = Mᵀ·dOut; v·M dv = M·dOut,
 * dM = v ⊗ dOut; the inner product u·v (v a Vector or a Column; dOut a number g) du = g·v, dv = g·u. Pass null to skip
 * a gradient (a constant operand's). Reads views in place, like `dot`: nothing is transposed.
 * @example
 * ```ts
 * const a = ones(2, 3), b = ones(3, 4), dA = zeros(2, 3), dB = zeros(3, 4);
 * dotBackwardInto(ones(2, 4), a, b, dA, dB); // dA = dOut·bᵀ, dB = aᵀ·dOut
 * const u = onesVector(3), du = zerosVector(3);
 * dotBackwardInto(2, u, u, du, null); // du = 2·u
 * ```
 */
export function dotBackwardInto<D extends DType>(
  dOut: Matrix<number, number, D> | Vector<number, D> | Column<number, D> | number,
  a: MatrixLike<number, number, D> | Vector<number, D>,
  b: MatrixLike<number, number, D> | Vector<number, D> | Column<number, D>,
  dA: Matrix<number, number, D> | Vector<number, D> | null,
  dB: Matrix<number, number, D> | Vector<number, D> | Column<number, D> | null,
): void {
  const bad = (result: string): never => {
    throw new ShapeError(
      "dotBackward",
      `dOut is ${typeof dOut === "number" ? "a number" : fmtShape(dOut)} but ${fmtShape(a)} x ${fmtShape(b)} is ${result}`,
    );
  };
  if (isVector(a)) {
    if (isVector(b) || isColumn(b)) {
      if (typeof dOut !== "number" || a.size !== b.size) bad("a number");
      const g = dOut as number;
      if (dA) for (let i = 0; i < a.size; i++) dA.data[i] = g * b.data[i]!;
      if (dB) for (let i = 0; i < b.size; i++) dB.data[i] = g * a.data[i]!;
      return;
    }
    if (!isVector(dOut) || dOut.size !== b.cols || a.size !== b.rows) bad(`[${b.cols}]`);
    const g = dOut as Vector<number, D>,
      B = b as MatrixLike<number, number, D>;
    // v·M = Mᵀ·v: dv = M·dOut, dM = v ⊗ dOut (for a view M = m₀ᵀ, dm₀ = dOut ⊗ v).
    if (dA) dot(B, g, dA as Vector<number, D>);
    if (dB) {
      const tb = isTransposed(B);
      dot(tb ? columnOf(g) : columnOf(a), tb ? rowOf(a) : rowOf(g), dB as Matrix<number, number, D>);
    }
    return;
  }
  const ta = isTransposed(a);
  if (isVector(b) || isColumn(b)) {
    if (typeof dOut === "number" || dOut.kind !== b.kind || dOut.data.length !== a.rows || b.size !== a.cols)
      bad(`[${a.rows}]${isColumn(b) ? " (column)" : ""}`);
    const g = dOut as Vector<number, D> | Column<number, D>;
    // The outer product dOut ⊗ b as a (R×1)·(1×K) product; for a view, b ⊗ dOut into its base.
    if (dA) dot(ta ? columnOf(b) : columnOf(g), ta ? rowOf(g) : rowOf(b), dA as Matrix<number, number, D>);
    if (dB) dot(a.T, g as Vector<number, D>, dB as Vector<number, D>);
    return;
  }
  if (!isMatrix(dOut) || dOut.rows !== a.rows || dOut.cols !== b.cols || a.cols !== b.rows)
    bad(`[${a.rows}, ${b.cols}]`);
  const g = dOut as Matrix<number, number, D>;
  if (dA) dot(ta ? b : g, ta ? g.T : b.T, dA as Matrix<number, number, D>);
  if (dB) dot(isTransposed(b) ? g.T : a.T, isTransposed(b) ? a : g, dB as Matrix<number, number, D>);
}

function columnOf<D extends DType>(v: { readonly data: ArrayOf<D>; readonly size: number }): Matrix<number, 1, D> {
  return new Matrix(v.data, v.size, 1);
}
function rowOf<D extends DType>(v: { readonly data: ArrayOf<D>; readonly size: number }): Matrix<1, number, D> {
  return new Matrix(v.data, 1, v.size);
}
