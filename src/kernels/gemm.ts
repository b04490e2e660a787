// Dense matrix products on raw row-major arrays. `out` must not alias `a` or `b`: each kernel
// writes out while it still reads its inputs. All overwrite `out` (BLAS beta = 0).
//
// Two layers live here. The pure-TS kernels (`gemmBlocked`, `gemmBlockedSkipZeros`) run
// everywhere and are the fallback; the `gemm*` entry points the ops call pick the WebAssembly
// SIMD kernels (./wasm) when they are available and the product is big enough to repay the
// copy into wasm memory, else the TS kernels.
import type { Buf } from "../shape/dtype.js";
import { kernelFamily } from "./settings.js";
import { gemmWasm, type GemmOp } from "./wasm/gemm-wasm.js";

/**
 * Products smaller than this many multiply-adds stay in TS under "auto": below it the call and
 * the copies into wasm memory cost more than SIMD saves (bench/gemm.ts's small products: at
 * 8×8×8 TS 1.3 µs, wasm 1.6; at 16×16×16 TS 3.8, wasm 2.0).
 */
export const WASM_MIN_MACS = 1 << 10;

function viaWasm(op: GemmOp, out: Buf, a: Buf, b: Buf, m: number, k: number, n: number, skip: boolean): boolean {
  const f = kernelFamily();
  if (f === "js" || (f === "auto" && m * k * n < WASM_MIN_MACS)) return false;
  return gemmWasm(op, out, a, b, m, k, n, skip);
}

// One strided kernel serves all four transpose cases: element (i, p) of the left operand is
// a[i * ars + p * aps] and element (p, j) of the right one is b[p * bps + j * bjs].
//   NN: ars = k, aps = 1, bps = n, bjs = 1      TN (a is k×m): ars = 1, aps = m, ...
//   NT (b is n×k): bps = 1, bjs = k            TT: both
// so Xᵀ·dY and dY·Wᵀ read their operands in place and never materialize a transpose.

/**
 * out[m×n] = A·B with A, B addressed through strides (see above), register-blocked 4×4: sixteen
 * running sums stay in locals while p runs, so each loaded value is used four times.
 */
export function gemmBlocked(
  out: Buf,
  a: Buf,
  b: Buf,
  m: number,
  k: number,
  n: number,
  ars: number,
  aps: number,
  bps: number,
  bjs: number,
): Buf {
  blocked(out, a, b, m, k, n, ars, aps, bps, bjs, false);
  return out;
}

/**
 * The same product, skipping every p at which the block's four A values are all zero. MNIST
 * rows are ~81% zeros, so X·W and Xᵀ·dY do far less work. The result is bit-identical to
 * `gemmBlocked` for finite B: a skipped term is ±0 and x + ±0 === x for every sum that starts
 * at +0 (only NaN/Inf in B would have propagated).
 */
export function gemmBlockedSkipZeros(
  out: Buf,
  a: Buf,
  b: Buf,
  m: number,
  k: number,
  n: number,
  ars: number,
  aps: number,
  bps: number,
  bjs: number,
): Buf {
  blocked(out, a, b, m, k, n, ars, aps, bps, bjs, true);
  return out;
}

function blocked(
  out: Buf,
  a: Buf,
  b: Buf,
  m: number,
  k: number,
  n: number,
  ars: number,
  aps: number,
  bps: number,
  bjs: number,
  skip: boolean,
): void {
  const m4 = m - (m % 4),
    n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = i * ars,
        pb = j * bjs;
      for (let p = 0; p < k; p++, pa += aps, pb += bps) {
        const a0 = a[pa]!,
          a1 = a[pa + ars]!,
          a2 = a[pa + 2 * ars]!,
          a3 = a[pa + 3 * ars]!;
        if (skip && a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const b0 = b[pb]!,
          b1 = b[pb + bjs]!,
          b2 = b[pb + 2 * bjs]!,
          b3 = b[pb + 3 * bjs]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      let o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03;
      o += n;
      out[o] = c10;
      out[o + 1] = c11;
      out[o + 2] = c12;
      out[o + 3] = c13;
      o += n;
      out[o] = c20;
      out[o + 1] = c21;
      out[o + 2] = c22;
      out[o + 3] = c23;
      o += n;
      out[o] = c30;
      out[o + 1] = c31;
      out[o + 2] = c32;
      out[o + 3] = c33;
    }
    for (let j = n4; j < n; j++)
      for (let r = i; r < i + 4; r++) out[r * n + j] = dotAt(a, b, r, j, k, ars, aps, bps, bjs, skip);
  }
  for (let i = m4; i < m; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = dotAt(a, b, i, j, k, ars, aps, bps, bjs, skip);
}

// One output element, for the ragged edges the 4×4 blocks do not cover.
function dotAt(
  a: Buf,
  b: Buf,
  i: number,
  j: number,
  k: number,
  ars: number,
  aps: number,
  bps: number,
  bjs: number,
  skip: boolean,
): number {
  let s = 0;
  let pa = i * ars,
    pb = j * bjs;
  for (let p = 0; p < k; p++, pa += aps, pb += bps) {
    const x = a[pa]!;
    if (skip && x === 0) continue;
    s += x * b[pb]!;
  }
  return s;
}

// The entry points. NN and TN skip zero A values in either backend: the result is the same bits
// as the dense kernel's for finite b, and X (an MNIST batch) is mostly zeros.

/** out[m×n] = a[m×k] · b[k×n]. */
export function gemmNN(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  if (viaWasm("nn", out, a, b, m, k, n, true)) return out;
  return gemmBlockedSkipZeros(out, a, b, m, k, n, k, 1, n, 1);
}

/** out[m×n] = aᵀ · b where a is k×m and b is k×n (the Xᵀ·dY of a backward pass). */
export function gemmTN(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  if (viaWasm("tn", out, a, b, m, k, n, true)) return out;
  return gemmBlockedSkipZeros(out, a, b, m, k, n, 1, m, n, 1);
}

/** out[m×n] = a · bᵀ where a is m×k and b is n×k (the dY·Wᵀ of a backward pass). */
export function gemmNT(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  if (viaWasm("nt", out, a, b, m, k, n, false)) return out;
  return gemmBlocked(out, a, b, m, k, n, k, 1, 1, k);
}

/** out[m×n] = aᵀ · bᵀ where a is k×m and b is n×k. Rare; kept simple. */
export function gemmTT(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  return gemmBlocked(out, a, b, m, k, n, 1, m, 1, k);
}

/** out[m] = a[m×k] · x[k]. */
export function gemv(out: Buf, a: Buf, x: Buf, m: number, k: number): Buf {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    let s = 0;
    for (let p = 0; p < k; p++) s += a[ai + p]! * x[p]!;
    out[i] = s;
  }
  return out;
}

/** out[m] = aᵀ · x where a is k×m. */
export function gemvT(out: Buf, a: Buf, x: Buf, m: number, k: number): Buf {
  out.fill(0, 0, m);
  for (let p = 0; p < k; p++) {
    const xp = x[p]!;
    const ap = p * m;
    for (let i = 0; i < m; i++) out[i] += a[ap + i]! * xp;
  }
  return out;
}
