// Reductions beyond sum and max over a row-major rows × cols matrix: min and argmin, variance
// and log-sum-exp, each over axis 0 (per column), axis 1 (per row) or everything. Accumulators
// are float64 locals, and variance is two-pass (mean first, then squared deviations), so a
// float32 input does not lose the small differences a one-pass Σx² − (Σx)²/n would cancel.
import type { Buf } from "../shape/dtype.js";

/** out[j] = min_i a[i, j]; NaN wins, as in NumPy. */
export function minAxis0(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let j = 0; j < cols; j++) out[j] = a[j]!;
  for (let i = 1; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = a[o + j]!;
      if (x < out[j]! || Number.isNaN(x)) out[j] = x;
    }
  }
  return out;
}
/** out[i] = min_j a[i, j]; NaN wins. */
export function minAxis1(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = a[o]!;
    for (let j = 1; j < cols; j++) {
      const x = a[o + j]!;
      if (x < m || Number.isNaN(x)) m = x;
    }
    out[i] = m;
  }
  return out;
}
export function minAll(a: Buf, n: number): number {
  let m = a[0]!;
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    if (x < m || Number.isNaN(x)) m = x;
  }
  return m;
}
/** out[i] = the first column index of row i's minimum (a NaN counts as the minimum, as in NumPy). */
export function argminRows(out: Int32Array, a: Buf, rows: number, cols: number): Int32Array {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let best = 0;
    let m = a[o]!;
    for (let j = 1; j < cols; j++) {
      const x = a[o + j]!;
      if (x < m || (Number.isNaN(x) && !Number.isNaN(m))) {
        m = x;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Σ (x - mean)² / (n - ddof) over `n` values a[start + t * step]. */
function variance(a: Buf, start: number, step: number, n: number, ddof: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += a[start + t * step]!;
  const mean = s / n;
  let q = 0;
  for (let t = 0; t < n; t++) {
    const d = a[start + t * step]! - mean;
    q += d * d;
  }
  return q / (n - ddof);
}
/** out[j] = the variance of column j, divided by rows − ddof. */
export function varianceAxis0(out: Buf, a: Buf, rows: number, cols: number, ddof: number): Buf {
  for (let j = 0; j < cols; j++) out[j] = variance(a, j, cols, rows, ddof);
  return out;
}
/** out[i] = the variance of row i, divided by cols − ddof. */
export function varianceAxis1(out: Buf, a: Buf, rows: number, cols: number, ddof: number): Buf {
  for (let i = 0; i < rows; i++) out[i] = variance(a, i * cols, 1, cols, ddof);
  return out;
}
export function varianceAll(a: Buf, n: number, ddof: number): number {
  return variance(a, 0, 1, n, ddof);
}

/** log Σ e^x over `n` values a[start + t * step], shifted by their max so e^x cannot overflow. */
function logSumExp(a: Buf, start: number, step: number, n: number): number {
  let m = -Infinity;
  for (let t = 0; t < n; t++) {
    const x = a[start + t * step]!;
    if (x > m || Number.isNaN(x)) m = x;
  }
  // All -inf gives -inf (log 0), any +inf gives +inf, any NaN gives NaN: m itself in each case.
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let t = 0; t < n; t++) s += Math.exp(a[start + t * step]! - m);
  return m + Math.log(s);
}
export function logSumExpAxis0(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let j = 0; j < cols; j++) out[j] = logSumExp(a, j, cols, rows);
  return out;
}
export function logSumExpAxis1(out: Buf, a: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) out[i] = logSumExp(a, i * cols, 1, cols);
  return out;
}
export function logSumExpAll(a: Buf, n: number): number {
  return logSumExp(a, 0, 1, n);
}
