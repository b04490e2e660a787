// Row-wise softmax. Subtracting the row max first keeps exp in range for logits of ±1e4.
//
// Float32 runs its exps in WebAssembly SIMD (expNonPositiveWasm) where the kernels may: Math.exp
// costs about 10 ns an element, two thirds of a training step's softmax-cross-entropy. That
// path exponentiates z - max as rounded to float32 (as NumPy's float32 softmax does), with an exp
// within about 1 ulp of float32, so its bits are not the float64 loop's; float64 keeps the loop
// (its results match NumPy's to the last bits or nearly).
import type { Buf } from "../shape/dtype.js";
import { kernelFamily } from "./settings.js";
import { expNonPositiveWasm } from "./wasm/activation-wasm.js";

/** Per-row values the float32 path keeps between its passes (grown on demand, so steps allocate
 * nothing once warm): the row max, then the label's logit or Σ t·z, then Σ t. */
let rowScratch = new Float64Array(0);

function scratchRows(n: number): Float64Array {
  if (rowScratch.length < n) rowScratch = new Float64Array(Math.max(n, 2 * rowScratch.length));
  return rowScratch;
}

/** Whether float32 `out` takes the SIMD exp path (the TS kernels' family keeps the loops). */
const simdExp = (out: Buf): boolean => out instanceof Float32Array && kernelFamily() !== "js";

/** e^x in place for the first n elements of `p` (values <= 0): SIMD where it runs, else Math.exp. */
function expInPlace(p: Buf, n: number): void {
  if (expNonPositiveWasm(p, n)) return;
  for (let i = 0; i < n; i++) p[i] = Math.exp(p[i]!);
}

/** out[i, :] = z[i, :] - max_j z[i, j] (rounded to out's dtype); the max of row i goes to
 * m[i·stride]. Each element is read before it is written, so out may alias z. */
function shiftByMax(out: Buf, z: Buf, m: Float64Array, rows: number, cols: number, stride: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j]! > mx) mx = z[o + j]!;
    m[i * stride] = mx;
    for (let j = 0; j < cols; j++) out[o + j] = z[o + j]! - mx;
  }
}

export function softmaxRows(out: Buf, a: Buf, rows: number, cols: number): Buf {
  if (simdExp(out) && rows * cols > 0) {
    const m = scratchRows(rows);
    shiftByMax(out, a, m, rows, cols, 1);
    expInPlace(out, rows * cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) s += out[o + j]!;
      const inv = 1 / s;
      for (let j = 0; j < cols; j++) out[o + j] *= inv;
    }
    return out;
  }
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
  if (simdExp(probs) && rows * cols > 0)
    return softmaxCrossEntropySimd(probs, dLogits, logits, labels, targets, rows, cols);
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

/**
 * softmaxCrossEntropy's float32 path: the same loss, probabilities and gradient, with the exps in
 * one SIMD call over the whole batch. What the loop reads of the logits after its exps (the
 * label's logit, Σ t·z) is read first, so `probs` may still alias `logits`.
 */
function softmaxCrossEntropySimd(
  probs: Buf,
  dLogits: Buf | null,
  logits: Buf,
  labels: ArrayLike<number> | null,
  targets: Buf | null,
  rows: number,
  cols: number,
): number {
  // Per row: the max, then the label's logit or Σ t·z, then Σ t.
  const sc = scratchRows(3 * rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    if (targets) {
      // Σ t·(lse - z) = lse·Σt - Σ t·z, skipping t = 0 (a -Infinity logit there adds 0).
      let tz = 0,
        ts = 0;
      for (let j = 0; j < cols; j++) {
        const t = targets[o + j]!;
        if (t !== 0) {
          tz += t * logits[o + j]!;
          ts += t;
        }
      }
      sc[3 * i + 1] = tz;
      sc[3 * i + 2] = ts;
    } else sc[3 * i + 1] = logits[o + labels![i]!]!;
  }
  shiftByMax(probs, logits, sc, rows, cols, 3);
  expInPlace(probs, rows * cols);
  let loss = 0;
  const invB = 1 / rows;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += probs[o + j]!;
    const lse = sc[3 * i]! + Math.log(s);
    const inv = 1 / s;
    if (targets) {
      loss += lse * sc[3 * i + 2]! - sc[3 * i + 1]!;
      for (let j = 0; j < cols; j++) {
        const p = probs[o + j]! * inv;
        probs[o + j] = p;
        if (dLogits) dLogits[o + j] = (p - targets[o + j]!) * invB;
      }
      continue;
    }
    loss += lse - sc[3 * i + 1]!;
    const t = labels![i]!;
    for (let j = 0; j < cols; j++) {
      const p = probs[o + j]! * inv;
      probs[o + j] = p;
      if (dLogits) dLogits[o + j] = (j === t ? p - 1 : p) * invB;
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
