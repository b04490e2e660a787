// Row-wise softmax. Subtracting the row max first keeps exp in range for logits of ±1e4.
import type { Buf } from "../shape/dtype.js";

export function softmaxRows(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (a[o + j]! > m) m = a[o + j]!;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(a[o + j]! - m);
      out[o + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) out[o + j] *= inv;
  }
  return out;
}

/**
 * Fused softmax + cross-entropy, for numerics: the loss comes from log-sum-exp (never the log of
 * a rounded-to-zero probability), and the gradient (p - t) / B is written in the same pass. The
 * targets are class indices (`labels`) or rows of `targets` (one-hot or soft, each summing to 1
 * for the gradient to hold): pass exactly one, the other null. One exp per element in all cases.
 * Returns the mean loss; writes probabilities to `probs` and, unless null, the gradient to
 * `dLogits`. Either may alias `logits` (each element is read before it is written, and the
 * label's logit is read first), but not each other nor `targets`.
 */
export function softmaxCrossEntropy(
  probs: Buf,
  dLogits: Buf | null,
  logits: Buf,
  labels: ArrayLike<number> | null,
  targets: Buf | null,
  rows: number,
  cols: number,
): number {
  let loss = 0;
  const invB = 1 / rows;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (logits[o + j]! > m) m = logits[o + j]!;
    // e^(z - m) is kept in probs and scaled by 1/s, as softmaxRows does.
    const t = labels ? labels[i]! : -1;
    const zt = labels ? logits[o + t]! : 0;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(logits[o + j]! - m);
      probs[o + j] = e;
      s += e;
    }
    const lse = m + Math.log(s);
    // Soft targets: Σ_j t_j (lse - z_j), skipping t_j = 0 so that a -Infinity logit where the
    // target is 0 adds 0, not NaN. Read before the loop below may overwrite logits.
    if (targets) {
      for (let j = 0; j < cols; j++) if (targets[o + j] !== 0) loss += targets[o + j]! * (lse - logits[o + j]!);
    } else loss += lse - zt;
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) {
      const p = probs[o + j]! * inv;
      probs[o + j] = p;
      if (dLogits) dLogits[o + j] = (targets ? p - targets[o + j]! : j === t ? p - 1 : p) * invB;
    }
  }
  return loss * invB;
}

/** Backward of a row softmax from its output y: out = y ⊙ (dOut − Σ_j dOut·y) per row. */
export function softmaxBackwardRows(out: Buf, dOut: Buf, y: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += dOut[o + j]! * y[o + j]!;
    for (let j = 0; j < cols; j++) out[o + j] = y[o + j]! * (dOut[o + j]! - s);
  }
  return out;
}
