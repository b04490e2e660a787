// Losses over a batch of B rows and K classes, targets given as one-hot rows (Matrix<B, K>) or as
// class indices (Labels<B>): oneHot and cross-entropy on probabilities, each forward right above
// its backward. The loss to train with, softmax fused with cross-entropy, is an op
// (ops/softmax.ts), re-exported here beside its unfused form.
import { checkDType, type DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix, outMatrix, sameDType } from "../ops/check.js";
import type { Target } from "../ops/softmax.js";
import { checkLabels, type Labels } from "./labels.js";

export {
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  type SoftmaxCrossEntropyCache,
  type Target,
} from "../ops/softmax.js";

/**
 * One-hot rows from class indices (the seed's _change_one_hot_label).
 * @example
 * ```ts
 * const t = oneHot(asLabels([3, 0, 9], 3), 10); // Matrix<3, 10, "f32">
 * ```
 */
export function oneHot<B extends number, const K extends number, D extends DType = "f32">(
  labels: Labels<B>,
  classes: K,
  dtype?: D,
  out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  if (!(Number.isInteger(classes) && classes > 0))
    throw new RangeError(`oneHot: classes must be a positive integer, got ${classes}`);
  checkDType("oneHot", dtype);
  const rows = labels?.length;
  checkLabels("oneHot", labels, rows, classes);
  const o = outMatrix("oneHot", out, rows, classes, (dtype ?? "f32") as D);
  o.data.fill(0);
  for (let i = 0; i < rows; i++) o.data[i * classes + labels[i]!] = 1;
  return o as Matrix<B, K, D>;
}

function checkTarget(op: string, y: Matrix<number, number, DType>, t: unknown): "matrix" | "labels" {
  if (isMatrix(t)) {
    if (t.rows !== y.rows || t.cols !== y.cols)
      throw new ShapeError(op, `target ${fmtShape(t)} does not match ${fmtShape(y)}`);
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
 * ```ts
 * const yHat = softmax(zeros(2, 10));
 * const loss = crossEntropy(yHat, asLabels([3, 7], 2)); // log(10)
 * ```
 */
export function crossEntropy<B extends number, K extends number, D extends DType>(
  y: Matrix<B, K, D>,
  t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): number {
  if (!isMatrix(y)) throw new TypeError("crossEntropy: y must be a Matrix");
  const kind = checkTarget("crossEntropy", y, t);
  const B = y.rows,
    K = y.cols;
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

/**
 * ∂(crossEntropy)/∂y = -t / (y·B), times an upstream scalar `dLoss` (1 by default).
 * @example
 * ```ts
 * const dy = crossEntropyBackward(softmax(zeros(2, 10)), asLabels([3, 7], 2)); // Matrix<2, 10>
 * ```
 */
export function crossEntropyBackward<B extends number, K extends number, D extends DType>(
  y: Matrix<B, K, D>,
  t: Target<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
  dLoss = 1,
  out?: Matrix<NoInfer<B>, NoInfer<K>, NoInfer<D>>,
): Matrix<B, K, D> {
  if (!isMatrix(y)) throw new TypeError("crossEntropyBackward: y must be a Matrix");
  const kind = checkTarget("crossEntropyBackward", y, t);
  const B = y.rows,
    K = y.cols;
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
