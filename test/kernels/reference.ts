// Naive references and seeded test data shared by the kernel and op tests. The references work
// on nested number arrays in float64, written straight from the definitions (no strides, no
// blocking, no in-place tricks), so they share no code with what they check.
import { expect } from "vitest";
import { rng, type Rng } from "../../src/random/rng.js";
import type { Buf, DType } from "../../src/shape/dtype.js";

export type Grid = number[][];

/** Sizes every shape test runs over: 1 (1×N, N×1), even, odd, primes, past a 32-wide block. */
export const SIZES = [1, 2, 7, 13, 33] as const;
export const DTYPES = ["f32", "f64"] as const;

/** Relative tolerance per dtype: float32 keeps ~7 digits, float64 ~16. */
export const RTOL: Record<DType, number> = { f32: 1e-5, f64: 1e-12 };

/** A fresh seeded generator per test, so tests do not depend on each other's order. */
export function gen(seed: number): Rng {
  return rng(seed);
}

/** Normal entries, rounded to the dtype so the reference sees exactly what the kernel sees. */
export function randomGrid(g: Rng, rows: number, cols: number, dtype: DType, scale = 1): Grid {
  const round = dtype === "f32" ? Math.fround : (x: number) => x;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => round(scale * g.normal())));
}

export function toBuf(grid: Grid, dtype: DType, cols = grid[0]?.length ?? 0): Buf {
  const out = dtype === "f64" ? new Float64Array(grid.length * cols) : new Float32Array(grid.length * cols);
  grid.forEach((row, i) => row.forEach((x, j) => (out[i * cols + j] = x)));
  return out;
}

export function fromBuf(buf: ArrayLike<number>, rows: number, cols: number): Grid {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => buf[i * cols + j]!));
}

export function bufOf(dtype: DType, n: number, fill = NaN): Buf {
  // Filled with garbage by default, so a kernel that forgets to overwrite an element is caught.
  return (dtype === "f64" ? new Float64Array(n) : new Float32Array(n)).fill(fill);
}

export function refTranspose(a: Grid, cols = a[0]?.length ?? 0): Grid {
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j]!));
}

/** (a·b)[i][j] = Σ_p a[i][p]·b[p][j], with Σ_p |a[i][p]·b[p][j]| as the rounding-error scale. */
export function refMatmul(a: Grid, b: Grid, n = b[0]?.length ?? 0): { value: Grid; scale: Grid } {
  const k = b.length;
  const value: Grid = [],
    scale: Grid = [];
  for (const row of a) {
    const v: number[] = [],
      s: number[] = [];
    for (let j = 0; j < n; j++) {
      let sum = 0,
        abs = 0;
      for (let p = 0; p < k; p++) {
        sum += row[p]! * b[p]![j]!;
        abs += Math.abs(row[p]! * b[p]![j]!);
      }
      v.push(sum);
      s.push(abs);
    }
    value.push(v);
    scale.push(s);
  }
  return { value, scale };
}

export function refSoftmaxRow(row: readonly number[]): number[] {
  // exp(x - logsumexp), with the max taken out first: the textbook stable form.
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
  return row.map((x) => Math.exp(x - lse));
}

export function refSigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Checks every element: |actual - expected| <= rtol · max(|expected|, scale, tiny). `scale` is
 * the size of the terms that were summed (for products and sums), so cancellation to a small
 * result does not demand more precision than the dtype holds. Reports the first bad index.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  dtype: DType,
  scale?: ArrayLike<number>,
  rtol = RTOL[dtype],
): void {
  expect(actual.length, "length").toBe(expected.length);
  const tiny = dtype === "f32" ? 1e-30 : 1e-300;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!,
      e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const bound = rtol * Math.max(Math.abs(e), scale ? scale[i]! : 0, tiny);
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`);
    }
  }
}

export function flat(grid: Grid): number[] {
  return grid.flat();
}

/** Decodes a NumPy fixture value ("nan", "inf", "-inf", "-0" or a number). */
export function decode(x: number | string): number {
  if (typeof x === "number") return x;
  return { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 }[x] ?? Number(x);
}

/** A fixture array as a typed array of its dtype. */
export function fixtureBuf(a: { dtype: string; data: (number | string)[] }): Buf {
  const vals = a.data.map(decode);
  return a.dtype === "f32" ? Float32Array.from(vals) : Float64Array.from(vals);
}

/** Every (rows, cols) pair over SIZES: 1×N, N×1, square and not, odd and even. */
export function shapes2(): [number, number][] {
  return SIZES.flatMap((r) => SIZES.map((c) => [r, c] as [number, number]));
}
