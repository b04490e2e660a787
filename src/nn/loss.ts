// Losses over a batch of B rows and K classes, targets given as one-hot rows (Matrix<B, K>) or as
// class indices (Labels<B>): oneHot, cross-entropy, and the fused softmax-cross-entropy with its
// backward (y_hat - t) / B. Each forward sits right above its backward.
import { checkDType, type DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix, outMatrix, sameDType } from "../ops/check.js";
import { oneHot as oneHotKernel } from "../kernels/gather.js";
import { softmaxCrossEntropy as sceKernel } from "../kernels/softmax.js";
import { checkLabels, type Labels } from "./labels.js";

/** A target for B rows of K classes: one-hot (or soft) rows, or class indices. */
export type Target<B extends number, K extends number, D extends DType> = Matrix<B, K, D> | Labels<B>;

/**
 * One-hot rows from class indices (the seed's _change_one_hot_label).
 * @example
 * const t = oneHot(asLabels(y, 100), 10); // Matrix<100, 10, "f32">
 */
export function oneHot<B extends number, const K extends number, D extends DType = "f32">(
  labels: Labels<B>, classes: K, dtype?: D, out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  if (!(Number.isInteger(classes) && classes > 0)) throw new RangeError(`oneHot: classes must be a positive integer, got ${classes}`);
  checkDType("oneHot", dtype);
  const rows = labels?.length;
  checkLabels("oneHot", labels, rows, classes);
  const o = outMatrix("oneHot", out, rows, classes, (dtype ?? "f32") as D);
  oneHotKernel(o.data, labels, rows, classes);
  return o as Matrix<B, K, D>;
}

function checkTarget(op: string, y: Matrix<number, number, DType>, t: unknown): "matrix" | "labels" {
  if (isMatrix(t)) {
    if (t.rows !== y.rows || t.cols !== y.cols) throw new ShapeError(op, `target ${fmtShape(t)} does not match ${fmtShape(y)}`);
    sameDType(op, y, t);
    return "matrix";
  }
  checkLabels(op, t as ArrayLike<number>, y.rows, y.cols);
  return "labels";
}

/**
 * Mean cross-entropy -Σ t·log(y) / B of probabilities y against one-hot (or soft) rows or class
 * indices (the seed's cross_entropy_error). Like the seed, no epsilon is added: a probability of
 * exactly 0 on the true class gives Infinity, which is honest; use softmaxCrossEntropy on logits.
 * @example
 * const loss = crossEntropy(yHat, asLabels(y, 100));
 */
export function crossEntropy<B extends number, K extends number, D extends DType>(
  y: Matrix<B, K, D>, t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): number {
  if (!isMatrix(y)) throw new TypeError("crossEntropy: y must be a Matrix");
  const kind = checkTarget("crossEntropy", y, t);
  const B = y.rows, K = y.cols;
  if (B === 0) throw new ShapeError("crossEntropy", "the batch is empty: a mean over 0 rows is undefined");
  let s = 0;
  if (kind === "labels") {
    const lab = t as ArrayLike<number>;
    for (let i = 0; i < B; i++) s -= Math.log(y.data[i * K + lab[i]!]!);
  } else {
    const td = (t as Matrix<number, number, DType>).data;
    // Skip t = 0 terms: 0·log(0) is 0 here, not NaN.
    for (let i = 0; i < B * K; i++) if (td[i] !== 0) s -= td[i]! * Math.log(y.data[i]!);
  }
  return s / B;
}

/** ∂(crossEntropy)/∂y = -t / (y·B), times an upstream scalar `dLoss` (1 by default). */
export function crossEntropyBackward<B extends number, K extends number, D extends DType>(
  y: Matrix<B, K, D>, t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>, dLoss = 1,
  out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  if (!isMatrix(y)) throw new TypeError("crossEntropyBackward: y must be a Matrix");
  const kind = checkTarget("crossEntropyBackward", y, t);
  const B = y.rows, K = y.cols;
  const o = outMatrix("crossEntropyBackward", out, B, K, y.dtype, [y.data]);
  const f = -dLoss / B;
  if (kind === "labels") {
    const lab = t as ArrayLike<number>;
    o.data.fill(0);
    for (let i = 0; i < B; i++) o.data[i * K + lab[i]!] = f / y.data[i * K + lab[i]!]!;
  } else {
    const td = (t as Matrix<number, number, DType>).data;
    for (let i = 0; i < B * K; i++) o.data[i] = td[i] === 0 ? 0 : (f * td[i]!) / y.data[i]!;
  }
  return o as Matrix<B, K, D>;
}

/** What softmaxCrossEntropyBackward needs: the probabilities and the targets. */
export interface SoftmaxCrossEntropyCache<B extends number, K extends number, D extends DType = "f32"> {
  readonly probs: Matrix<B, K, D>;
  /** A copy of the class indices, or the one-hot (soft) target matrix. */
  readonly target: Int32Array | Matrix<B, K, D>;
}

/**
 * Softmax of logits and its mean cross-entropy against the targets, fused for numerics: the
 * loss is log-sum-exp minus the true logit, so it stays finite where log(softmax) would round to
 * log(0). Soft target rows must each sum to 1 for the backward's (y_hat - t) / B to hold.
 * @example
 * const { loss, probs, cache } = softmaxCrossEntropy(a2, asLabels(y, 100));
 */
export function softmaxCrossEntropy<B extends number, K extends number, D extends DType>(
  logits: Matrix<B, K, D>, t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): { loss: number; probs: Matrix<B, K, D>; cache: SoftmaxCrossEntropyCache<B, K, D> } {
  if (!isMatrix(logits)) throw new TypeError("softmaxCrossEntropy: logits must be a Matrix");
  const kind = checkTarget("softmaxCrossEntropy", logits, t);
  const B = logits.rows, K = logits.cols;
  if (B === 0) throw new ShapeError("softmaxCrossEntropy", "the batch is empty: a mean over 0 rows is undefined");
  const probs = outMatrix("softmaxCrossEntropy", undefined, B, K, logits.dtype) as Matrix<B, K, D>;
  let loss: number;
  let target: Int32Array | Matrix<B, K, D>;
  if (kind === "labels") {
    target = Int32Array.from(t as ArrayLike<number>);
    loss = sceKernel(probs.data, null, logits.data, target, B, K);
  } else {
    target = t as Matrix<B, K, D>;
    loss = softTargets(probs.data, logits.data, target.data, B, K);
  }
  return { loss, probs, cache: { probs, target } };
}

/** The loss Σ_j t_j (lse - z_j) per row, averaged, with probabilities written to `probs`. */
function softTargets(probs: Float32Array | Float64Array, z: Float32Array | Float64Array, t: Float32Array | Float64Array, B: number, K: number): number {
  let loss = 0;
  for (let i = 0; i < B; i++) {
    const o = i * K;
    let m = -Infinity;
    for (let j = 0; j < K; j++) if (z[o + j]! > m) m = z[o + j]!;
    let s = 0;
    for (let j = 0; j < K; j++) s += Math.exp(z[o + j]! - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < K; j++) {
      probs[o + j] = Math.exp(z[o + j]! - lse);
      if (t[o + j] !== 0) loss += t[o + j]! * (lse - z[o + j]!);
    }
  }
  return loss / B;
}

/**
 * ∂loss/∂logits = dLoss · (y_hat - t) / B for the fused softmax-cross-entropy.
 * @example
 * const dy = softmaxCrossEntropyBackward(cache); // Matrix<100, 10>
 */
export function softmaxCrossEntropyBackward<B extends number, K extends number, D extends DType>(
  cache: SoftmaxCrossEntropyCache<B, K, D>, dLoss = 1, out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  if (!cache || !isMatrix(cache.probs)) throw new TypeError("softmaxCrossEntropyBackward: cache must come from softmaxCrossEntropy");
  const p = cache.probs;
  const B = p.rows, K = p.cols;
  // out may be the cache's probs (in place): element i is read before it is written.
  const o = outMatrix("softmaxCrossEntropyBackward", out, B, K, p.dtype);
  const f = dLoss / B;
  for (let i = 0; i < B * K; i++) o.data[i] = p.data[i]! * f;
  const t = cache.target;
  if (t instanceof Int32Array) {
    for (let i = 0; i < B; i++) o.data[i * K + t[i]!] -= f;
  } else {
    for (let i = 0; i < B * K; i++) o.data[i] -= f * t.data[i]!;
  }
  return o as Matrix<B, K, D>;
}
