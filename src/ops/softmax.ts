// Row-wise softmax, stable for logits of ±1e4 (the row max is subtracted first), with its
// backward beside it; and the loss op, softmax fused with cross-entropy for numerics, with its
// backward. The loss takes class indices typed by their batch (Labels<B>, from nn/labels, which
// also holds the one label check) or one-hot / soft target rows.
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { softmaxBackwardRows, softmaxCrossEntropy as sceKernel, softmaxRows } from "../kernels/softmax.js";
import { mulScalar } from "../kernels/elementwise.js";
import { checkLabels, type Labels } from "../nn/labels.js";
import { checkInPlace, isMatrix, outMatrix, sameDType } from "./check.js";

/**
 * Softmax of each row.
 * @example
 * ```ts
 * const p = softmax(zeros(100, 10)); // Matrix<100, 10>, rows sum to 1
 * ```
 */
export function softmax<R extends number, C extends number, D extends DType>(
  a: Matrix<R, C, D>,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  if (!isMatrix(a)) throw new TypeError("softmax: expected a Matrix");
  const o = outMatrix("softmax", out, a.rows, a.cols, a.dtype);
  checkInPlace("softmax", o.data, [a.data]); // in place is fine: each row is read before it is written
  softmaxRows(o.data, a.data, a.rows, a.cols);
  return o as Matrix<R, C, D>;
}

/**
 * Backward of softmax given its output y: dX = y ⊙ (dOut − Σ_j dOut·y per row).
 * @example
 * ```ts
 * const y = softmax(zeros(2, 3));
 * const dX = softmaxBackward(ones(2, 3), y); // Matrix<2, 3>, zeros: softmax ignores a shift
 * ```
 */
export function softmaxBackward<R extends number, C extends number, D extends DType>(
  dOut: Matrix<R, C, D>,
  y: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
  out?: Matrix<NoInfer<R>, NoInfer<C>, NoInfer<D>>,
): Matrix<R, C, D> {
  if (!isMatrix(dOut) || !isMatrix(y)) throw new TypeError("softmaxBackward: expected matrices");
  if (dOut.rows !== y.rows || dOut.cols !== y.cols) {
    throw new ShapeError("softmaxBackward", `${fmtShape(dOut)} and ${fmtShape(y)}: shapes must be equal`);
  }
  sameDType("softmaxBackward", dOut, y);
  const o = outMatrix("softmaxBackward", out, dOut.rows, dOut.cols, dOut.dtype);
  checkInPlace("softmaxBackward", o.data, [dOut.data, y.data]);
  softmaxBackwardRows(o.data, dOut.data, y.data, dOut.rows, dOut.cols);
  return o as Matrix<R, C, D>;
}

/** A target for B rows of K classes: class indices, or one-hot (or soft) rows. */
export type Target<B extends number, K extends number, D extends DType> = Matrix<B, K, D> | Labels<B>;

/** What softmaxCrossEntropyBackward needs: the gradient (ŷ - t) / B, computed in the forward's pass. */
export interface SoftmaxCrossEntropyCache<B extends number, K extends number, D extends DType = "f32"> {
  readonly probs: Matrix<B, K, D>;
  /** ∂loss/∂logits for an upstream gradient of 1: (ŷ - t) / B. */
  readonly grad: Matrix<B, K, D>;
}

/**
 * Softmax of logits and its mean cross-entropy against the targets, fused for numerics: the
 * loss is log-sum-exp minus the true logit, so it stays finite where log(softmax) would round to
 * log(0). Targets are class indices (checked: integers in [0, K)) or one-hot / soft rows, which
 * must each sum to 1 for the gradient (ŷ - t) / B to hold.
 * @example
 * ```ts
 * const logits = fromArray([[2, 0, 1], [0, 3, 0]]);
 * const { loss, probs, cache } = softmaxCrossEntropy(logits, asLabels([0, 1], 2));
 * ```
 */
export function softmaxCrossEntropy<B extends number, K extends number, D extends DType>(
  logits: Matrix<B, K, D>,
  t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): { loss: number; probs: Matrix<B, K, D>; cache: SoftmaxCrossEntropyCache<B, K, D> } {
  const op = "softmaxCrossEntropy";
  if (!isMatrix(logits)) throw new TypeError(`${op}: logits must be a Matrix`);
  const B = logits.rows,
    K = logits.cols;
  let labels: ArrayLike<number> | null = null,
    targets: Matrix<number, number, DType> | null = null;
  if (isMatrix(t)) {
    if (t.rows !== B || t.cols !== K)
      throw new ShapeError(op, `target ${fmtShape(t)} does not match ${fmtShape(logits)}`);
    sameDType(op, logits, t);
    targets = t;
  } else {
    checkLabels(op, t, B, K);
    labels = t;
  }
  if (B === 0) throw new ShapeError(op, "the batch is empty: a mean over 0 rows is undefined");
  const probs = outMatrix(op, undefined, B, K, logits.dtype) as Matrix<B, K, D>;
  const grad = outMatrix(op, undefined, B, K, logits.dtype) as Matrix<B, K, D>;
  const loss = sceKernel(probs.data, grad.data, logits.data, labels, targets?.data ?? null, B, K);
  return { loss, probs, cache: { probs, grad } };
}

/**
 * ∂loss/∂logits = dLoss · (ŷ - t) / B for softmaxCrossEntropy. `out` may be the cache's own arrays.
 * @example
 * ```ts
 * const { cache } = softmaxCrossEntropy(fromArray([[2, 0, 1]]), asLabels([0], 1));
 * const dLogits = softmaxCrossEntropyBackward(cache); // Matrix<1, 3>
 * ```
 */
export function softmaxCrossEntropyBackward<B extends number, K extends number, D extends DType>(
  cache: SoftmaxCrossEntropyCache<B, K, D>,
  dLoss = 1,
  out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  const op = "softmaxCrossEntropyBackward";
  if (!cache || !isMatrix(cache.grad)) throw new TypeError(`${op}: cache must come from softmaxCrossEntropy`);
  if (typeof dLoss !== "number") throw new TypeError(`${op}: dLoss must be a number, got ${typeof dLoss}`);
  const g = cache.grad;
  const o = outMatrix(op, out, g.rows, g.cols, g.dtype);
  // dLoss = 1 is the usual case, and 1·x is exact: the same bits as the trainers' gradient.
  mulScalar(o.data, g.data, dLoss, o.data.length);
  return o as Matrix<B, K, D>;
}
