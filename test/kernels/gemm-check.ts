// Shared by the gemm tests: seeded operands and a tolerance check against gemm-naive.
import { gemmNaive } from "../../src/kernels/gemm-naive.js";
import type { Buf } from "../../src/shape/dtype.js";
import { rng, type Rng } from "../../src/random/rng.js";

export type Case = { m: number; k: number; n: number };

/** Shapes that reach every edge of the blocked kernels: 1×N, N×1, k below and at a multiple of 4,
 * ragged column strips, plus seeded random odd sizes. */
export function shapes(seed: number, random = 12): Case[] {
  const fixed: Case[] = [
    { m: 1, k: 1, n: 1 },
    { m: 1, k: 7, n: 13 },
    { m: 9, k: 5, n: 1 },
    { m: 4, k: 4, n: 4 },
    { m: 8, k: 3, n: 8 },
    { m: 5, k: 17, n: 9 },
    { m: 13, k: 8, n: 2 },
    { m: 3, k: 33, n: 10 },
    { m: 17, k: 50, n: 11 },
    { m: 12, k: 31, n: 50 },
  ];
  const g = rng(seed);
  for (let i = 0; i < random; i++) fixed.push({ m: 1 + g.int(40), k: 1 + g.int(70), n: 1 + g.int(40) });
  return fixed;
}

/** A seeded array whose values are zero with probability `zeros` (MNIST-like sparsity). */
export function operand(g: Rng, f64: boolean, length: number, zeros = 0): Buf {
  const x = f64 ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = g.next() < zeros ? 0 : g.normal();
  return x;
}

/**
 * Largest error of `out` against float64 naive, in units of the bound k·eps·Σ|a||b| per element
 * (the standard bound for a dot product of length k): <= 1 passes.
 */
export function errorRatio(out: Buf, a: Buf, b: Buf, c: Case, transA: boolean, transB: boolean, f64: boolean): number {
  const { m, k, n } = c;
  const ref = gemmNaive(new Float64Array(m * n), a, b, m, k, n, transA, transB);
  const mag = gemmNaive(new Float64Array(m * n), a.map(Math.abs), b.map(Math.abs), m, k, n, transA, transB);
  const eps = f64 ? 2 ** -52 : 2 ** -23;
  let worst = 0;
  for (let i = 0; i < m * n; i++) {
    const err = Math.abs(out[i]! - ref[i]!);
    const bound = (k + 1) * eps * mag[i]! + Number.MIN_VALUE;
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err / bound);
  }
  return worst;
}

/** Operand lengths and naive transpose flags for each orientation. */
export const ORIENT = {
  nn: { transA: false, transB: false },
  tn: { transA: true, transB: false },
  nt: { transA: false, transB: true },
  tt: { transA: true, transB: true },
} as const;
