// The affine (fully connected) layer, out = X·W + b, with its backward right below it, both
// written with the public ops (dot, add, sum) and their `out` buffers. The cache
// names exactly what backward needs, X and W (b is not needed), and carries the layer's dims, so
// handing layer 2's cache to layer 1's backward does not compile.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import { isMatrix, isVector, outMatrix, outVector, sameDType } from "../ops/check.js";
import { dot } from "../ops/dot.js";
import { add } from "../ops/arithmetic.js";
import { sum } from "../ops/reduce.js";

/** What affineBackward needs from the forward pass of a `B × I -> B × O` affine layer. */
export interface AffineCache<B extends number, I extends number, O extends number, D extends DType = "f32"> {
  readonly X: Matrix<B, I, D>;
  readonly W: Matrix<I, O, D>;
}

/**
 * The gradients of an affine layer. `S` is whether dX was skipped: then `dX` is `undefined`
 * (and `Matrix | undefined` when that is only known at run time, `S = boolean`).
 */
export interface AffineGrads<
  B extends number,
  I extends number,
  O extends number,
  D extends DType = "f32",
  S extends boolean = false,
> {
  readonly dX: S extends true ? undefined : Matrix<B, I, D>;
  readonly dW: Matrix<I, O, D>;
  readonly db: Vector<O, D>;
}

/**
 * out = X·W + b (the bias broadcast over rows), and the cache its backward needs.
 * @example
 * ```ts
 * const X = zeros(100, 784), W1 = zeros(784, 50), b1 = zerosVector(50);
 * const { out: a1, cache: c1 } = affineForward(X, W1, b1); // Matrix<100, 784> -> Matrix<100, 50>
 * ```
 */
export function affineForward<B extends number, I extends number, O extends number, D extends DType>(
  X: Matrix<B, I, D>,
  W: Matrix<NoInfer<I>, O, NoInfer<D>>,
  b: Vector<NoInfer<O>, NoInfer<D>>,
  out?: Matrix<NoInfer<B>, NoInfer<O>, NoInfer<D>>,
): { out: Matrix<B, O, D>; cache: AffineCache<B, I, O, D> } {
  if (!isMatrix(X)) throw new TypeError("affineForward: X must be a Matrix");
  if (!isMatrix(W)) throw new TypeError("affineForward: W must be a Matrix");
  if (!isVector(b)) throw new TypeError("affineForward: b must be a Vector");
  sameDType("affineForward", X, W);
  sameDType("affineForward", W, b);
  if (X.cols !== W.rows) {
    throw new ShapeError(
      "affineForward",
      `X ${fmtShape(X)} · W ${fmtShape(W)}: X.cols (${X.cols}) must equal W.rows (${W.rows})`,
    );
  }
  if (b.size !== W.cols) {
    throw new ShapeError(
      "affineForward",
      `b ${fmtShape(b)} for W ${fmtShape(W)}: b.size (${b.size}) must equal W.cols (${W.cols})`,
    );
  }
  type M = Matrix<number, number, DType>;
  // Checked here first, so that a wrong `out` is reported as this layer's mistake, not dot's.
  const o = dot(X as M, W as M, outMatrix("affineForward", out, X.rows, W.cols, X.dtype, [X.data, W.data, b.data]));
  add(o, b as Vector<number, DType>, o);
  return { out: o as Matrix<B, O, D>, cache: { X, W: W as Matrix<I, O, D> } };
}

/** Options of affineBackward: skip dX (a first layer's input needs no gradient), reuse outputs. */
export interface AffineBackwardOptions<B extends number, I extends number, O extends number, D extends DType> {
  /** Skip dX = dOut·Wᵀ, the first layer's wasted product (the seed computes it anyway). */
  readonly skipDX?: boolean;
  readonly out?: { dX?: Matrix<B, I, D>; dW?: Matrix<I, O, D>; db?: Vector<O, D> };
}

/**
 * Given dOut = ∂L/∂out, returns dX = dOut·Wᵀ, dW = Xᵀ·dOut and db = Σ_rows dOut, each with its
 * operand's shape. With `{ skipDX: true }` dX is not computed and is typed `undefined`.
 * @example
 * ```ts
 * const { out: a1, cache: c1 } = affineForward(zeros(100, 784), zeros(784, 50), zerosVector(50));
 * const { out: a2, cache: c2 } = affineForward(a1, zeros(50, 10), zerosVector(10));
 * const { dW: dW2, db: db2, dX: dz1 } = affineBackward(ones(100, 10), c2);
 * const { dW: dW1, db: db1 } = affineBackward(dz1, c1, { skipDX: true });
 * ```
 */
// One signature, not an overload per skipDX value: a mistake then reads as one plain error
// instead of "No overload matches this call" listing both.
export function affineBackward<
  B extends number,
  I extends number,
  O extends number,
  D extends DType,
  const S extends boolean = false,
>(
  dOut: Matrix<B, O, D>,
  cache: AffineCache<NoInfer<B>, I, NoInfer<O>, NoInfer<D>>,
  opts?: AffineBackwardOptions<NoInfer<B>, NoInfer<I>, NoInfer<O>, NoInfer<D>> & { readonly skipDX?: S },
): AffineGrads<B, I, O, D, S>;
export function affineBackward(
  dOut: Matrix<number, number, DType>,
  cache: AffineCache<number, number, number, DType>,
  opts: AffineBackwardOptions<number, number, number, DType> = {},
): { dX: Matrix<number, number, DType> | undefined; dW: Matrix<number, number, DType>; db: Vector<number, DType> } {
  if (!isMatrix(dOut)) throw new TypeError("affineBackward: dOut must be a Matrix");
  if (!cache || !isMatrix(cache.X) || !isMatrix(cache.W))
    throw new TypeError("affineBackward: cache must be an AffineCache from affineForward");
  const { X, W } = cache;
  if (dOut.rows !== X.rows || dOut.cols !== W.cols) {
    throw new ShapeError(
      "affineBackward",
      `dOut is ${fmtShape(dOut)} but the layer's output is [${X.rows}, ${W.cols}]`,
    );
  }
  sameDType("affineBackward", dOut, X);
  const out = opts.out ?? {};
  const B = X.rows,
    I = X.cols,
    O = W.cols;
  const dW = dot(X.T, dOut, outMatrix("affineBackward", out.dW, I, O, X.dtype, [X.data, W.data, dOut.data]));
  const db = sum(dOut, 0, outVector("affineBackward", out.db, O, X.dtype, [dOut.data]));
  const dX = opts.skipDX
    ? undefined
    : dot(dOut, W.T, outMatrix("affineBackward", out.dX, B, I, X.dtype, [W.data, dOut.data]));
  return { dX, dW, db };
}
