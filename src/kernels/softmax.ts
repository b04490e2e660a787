// Row-wise softmax. Subtracting the row max first keeps exp in range for logits of ±1e4.
//
// One algorithm for both dtypes: z - max is written into the output, exponentiated there in one
// call over the batch, then summed and scaled row by row. Float32 runs that call in WebAssembly
// SIMD (expNonPositiveWasm) where the kernels may: Math.exp costs about 10 ns an element, two
// thirds of a training step's softmax-cross-entropy. It exponentiates z - max as rounded to
// float32 (as NumPy's float32 softmax does), with an exp within about 1 ulp of float32. Float64
// keeps Math.exp, on z - max as computed: the same values, in the same order, as the row loop it
// replaced, so the same bits (its results match NumPy's to the last bits or nearly).
import type { Buf } from "../shape/dtype.js";
import { kernelFamily } from "./settings.js";
import { expNonPositiveWasm } from "./wasm/activation-wasm.js";

/** Per-row values kept between the passes (grown on demand, so steps allocate nothing once
 * warm): the row max, then (softmaxCrossEntropy with labels) the label's logit. */
let rowScratch = new Float64Array(0);

function scratchRows(n: number): Float64Array {
  if (rowScratch.length < n) rowScratch = new Float64Array(Math.max(n, 2 * rowScratch.length));
  return rowScratch;
}

/** e^x in place for the first n elements of `p` (values <= 0): the SIMD exp for float32 where the
 * kernels may run (not under the TS kernels' family), else Math.exp. */
function expInPlace(p: Buf, n: number): void {
  if (p instanceof Float32Array && kernelFamily() !== "js" && expNonPositiveWasm(p, n)) return;
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

/** The sum of the cols exps from offset o (one row's Σ_j e^(z_j - m)), in order. */
function rowSum(out: Buf, o: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < cols; j++) s += out[o + j]!;
  return s;
}

export function softmaxRows(out: Buf, a: Buf, rows: number, cols: number): Buf {
  shiftByMax(out, a, scratchRows(rows), rows, cols, 1);
  expInPlace(out, rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const inv = 1 / rowSum(out, o, cols);
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
 * `dLogits`. With labels, either may alias `logits` (the labels' logits are read first, and each
 * element is read before it is written); with targets, neither may (the loss reads the logits
 * after the exps), nor may they alias each other or `targets`.
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
  // Per row: the max, then the label's logit (read before probs may overwrite it).
  const sc = scratchRows(2 * rows);
  if (labels) for (let i = 0; i < rows; i++) sc[2 * i + 1] = logits[i * cols + labels[i]!]!;
  shiftByMax(probs, logits, sc, rows, cols, 2);
  expInPlace(probs, rows * cols);
  let loss = 0;
  const invB = 1 / rows;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const s = rowSum(probs, o, cols);
    const lse = sc[2 * i]! + Math.log(s);
    // Soft targets: Σ_j t_j (lse - z_j), skipping t_j = 0 so that a -Infinity logit where the
    // target is 0 adds 0, not NaN.
    if (targets) {
      for (let j = 0; j < cols; j++) if (targets[o + j] !== 0) loss += targets[o + j]! * (lse - logits[o + j]!);
    } else loss += lse - sc[2 * i + 1]!;
    const t = labels ? labels[i]! : -1;
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
