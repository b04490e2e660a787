// Shared by the nn and io tests: the NumPy fixtures, closeness checks that report the worst
// element, central finite differences in float64, and MNIST-like sparse rows.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, expect } from "vitest";
import { kernelFamily, setKernelFamily, setThreads, threadSetting } from "../../src/kernels/settings.js";
import { poolFor, stopThreads } from "../../src/kernels/threads/pool.js";
import { HELPER_WORKER_URL } from "../../src/nn/helper-url.js";
import { Matrix, Vector, type DType, type Rng } from "../../src/index.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface FixtureArray {
  shape: number[];
  data: number[];
}
export interface TwoLayerFixture {
  about: string;
  labels: number[];
  X: FixtureArray;
  W1: FixtureArray;
  b1: FixtureArray;
  W2: FixtureArray;
  b2: FixtureArray;
  forward: { a1: FixtureArray; z1: FixtureArray; a2: FixtureArray; y_hat: FixtureArray; t: FixtureArray; loss: number };
  backward: Record<"dy" | "dW2" | "db2" | "dz1" | "da1" | "dW1" | "db1" | "dX", FixtureArray>;
  sgd: { losses: number[]; predictions_after: number[] };
  softmax: { x2d: FixtureArray; y2d: FixtureArray; x1d: FixtureArray; y1d: FixtureArray };
  cross_entropy: { y: FixtureArray; t_one_hot: FixtureArray; t_index: number[]; loss: number };
}

/**
 * The NumPy fixtures: the project's shared one (a committed copy, so a clone anywhere runs these
 * tests; when ../shared sits beside the clone, as in CI, the copy must equal it byte for byte)
 * and ours at another shape, both under test/fixtures/nn.
 */
export function fixtureFiles(): string[] {
  const copy = path.resolve(repoRoot, "test/fixtures/nn/two-layer-numpy-shared.json");
  const shared = path.resolve(repoRoot, "../shared/fixtures/two-layer-numpy.json");
  if (existsSync(shared) && readFileSync(shared, "utf8") !== readFileSync(copy, "utf8")) {
    throw new Error(`${copy} differs from ${shared}: copy the shared fixture again`);
  }
  return [copy, path.resolve(repoRoot, "test/fixtures/nn/two-layer-numpy-b8-h16.json")];
}

export function loadFixture(file: string): TwoLayerFixture {
  return JSON.parse(readFileSync(file, "utf8")) as TwoLayerFixture;
}

export function matrixOf<D extends DType>(a: FixtureArray, dtype: D): Matrix<number, number, D> {
  const [r, c] = a.shape as [number, number];
  const data = dtype === "f64" ? Float64Array.from(a.data) : Float32Array.from(a.data);
  return new Matrix(data as never, r, c);
}
export function vectorOf<D extends DType>(a: FixtureArray, dtype: D): Vector<number, D> {
  const data = dtype === "f64" ? Float64Array.from(a.data) : Float32Array.from(a.data);
  return new Vector(data as never, a.shape[0]!);
}

/**
 * The worst relative error of `actual` against `expected`, elementwise: |a - e| / |e|, with
 * |e| floored at `floor` times the largest |e| so that entries which are zero up to rounding
 * (a sum of terms that cancel) are judged against the array's scale, not against nothing.
 */
export function worstRelError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1e-3,
): { err: number; at: number } {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let err = 0,
    at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!,
      a = actual[i]!;
    const r = Math.abs(a - e) / Math.max(Math.abs(e), floor * scale, Number.MIN_VALUE);
    if (!(r <= err)) {
      err = r;
      at = i;
    }
  }
  return { err, at };
}

export function expectClose(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  floor = 1e-3,
): void {
  const { err, at } = worstRelError(actual, expected, floor);
  if (!(err < rtol)) {
    throw new Error(
      `${what}: relative error ${err.toExponential(3)} at element ${at} (got ${actual[at]}, NumPy ${expected[at]}) exceeds ${rtol}`,
    );
  }
}

/**
 * Central finite differences of a scalar function f with respect to every element of `x`
 * (perturbed in place and restored), with the fourth-order central stencil
 * (f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)) / 12h: its truncation error is O(h⁴), so h can be
 * large enough (1e-3) that float64 rounding in f stays near 1e-13, and gradient entries as small
 * as 1e-5 are still checked to 1e-6 relative.
 */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-3): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const old = x[i]!;
    x[i] = old + h;
    const f1 = f();
    x[i] = old - h;
    const fm1 = f();
    x[i] = old + 2 * h;
    const f2 = f();
    x[i] = old - 2 * h;
    const fm2 = f();
    x[i] = old;
    g[i] = (fm2 - 8 * fm1 + 8 * f1 - f2) / (12 * h);
  }
  return g;
}

/** The worst elementwise relative error |a - n| / max(|a|, |n|) of an analytic gradient against a numeric one (CS231n's measure). */
export function gradError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  expect(analytic.length).toBe(numeric.length);
  let worst = 0;
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i]!,
      n = numeric[i]!;
    const d = Math.max(Math.abs(a), Math.abs(n));
    // Both below 1e-10 (e.g. a ReLU's dead unit) is agreement: no relative error is defined.
    const r = d < 1e-10 ? 0 : Math.abs(a - n) / d;
    worst = Math.max(worst, r);
  }
  return worst;
}

/** Σ G ⊙ Y: a scalar whose gradient w.r.t. Y is the random upstream gradient G. */
export function weightedSum(G: ArrayLike<number>, Y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < Y.length; i++) s += G[i]! * Y[i]!;
  return s;
}

/**
 * Gaussian blobs: `classes` centres drawn N(0, spread²) in `dims` dimensions, points around them
 * N(0, 1). A small problem a network can learn, from a seeded generator.
 */
export function blobs<const C extends number, D extends DType>(
  gen: { normal(): number; int(n: number): number },
  n: number,
  dims: C,
  classes: number,
  dtype: D,
  spread = 3,
): { X: Matrix<number, C, D>; y: Int32Array } {
  const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, () => spread * gen.normal()));
  const data = dtype === "f64" ? new Float64Array(n * dims) : new Float32Array(n * dims);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = gen.int(classes);
    y[i] = c;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[c]![j]! + gen.normal();
  }
  return { X: new Matrix(data as never, n, dims), y };
}

/**
 * Runs `fn` while counting every way a step could allocate typed-array memory: calls of the
 * library's allocate() (allocationCount), constructions of typed arrays and DataViews through
 * the globals, and views made by subarray (which allocate a typed-array object each).
 */
export function countAllocations(
  allocationCount: { n: number },
  fn: () => void,
): { allocate: number; typedArrays: number; views: number } {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = [
    "Float32Array",
    "Float64Array",
    "Int32Array",
    "Uint32Array",
    "Uint8Array",
    "Int8Array",
    "Uint16Array",
    "Int16Array",
    "DataView",
  ];
  const saved = names.map((k) => g[k]);
  let typedArrays = 0;
  let views = 0;
  const proto = Object.getPrototypeOf(Int8Array.prototype) as { subarray: (...a: unknown[]) => unknown };
  const subarray = proto.subarray;
  names.forEach((k, i) => {
    g[k] = new Proxy(saved[i] as object, {
      construct(target, args, newTarget) {
        typedArrays++;
        return Reflect.construct(
          target as new (...a: unknown[]) => object,
          args,
          newTarget === g[k] ? (target as never) : newTarget,
        );
      },
    });
  });
  proto.subarray = function (this: unknown, ...args: unknown[]) {
    views++;
    return subarray.apply(this, args);
  };
  const before = allocationCount.n;
  try {
    fn();
  } finally {
    names.forEach((k, i) => (g[k] = saved[i]));
    proto.subarray = subarray;
  }
  return { allocate: allocationCount.n - before, typedArrays, views };
}

/** MNIST-like rows: ~80% exact zeros (so the zero-skipping kernels skip), the rest in (0, 1]. */
export function mostlyZeros<const R extends number, const C extends number, D extends DType>(
  gen: Rng,
  n: R,
  cols: C,
  dtype: D,
): Matrix<R, C, D> {
  const data = dtype === "f64" ? new Float64Array(n * cols) : new Float32Array(n * cols);
  for (let i = 0; i < data.length; i++) data[i] = gen.next() < 0.8 ? 0 : gen.next() + 1e-3;
  return new Matrix<R, C, D>(data as never, n, cols);
}

/** For the tests that start helper threads: after each test the thread setting and kernel
 * family go back to what they were, and after the file no helper thread is left running. */
export function restoreThreadSettings(): void {
  const threads = threadSetting();
  const family = kernelFamily();
  afterEach(() => {
    setThreads(threads);
    setKernelFamily(family);
  });
  afterAll(() => stopThreads());
}

/**
 * Runs `f` with two threads until a helper (started in the background) has run chunks of it, as
 * `share.helperChunks` records after each pass; returns that run's result.
 */
export async function withHelperChunks<T>(f: () => T, share: { readonly helperChunks: number }): Promise<T> {
  setThreads(2);
  for (let attempt = 0; attempt < 300; attempt++) {
    const r = f();
    if (share.helperChunks > 0) return r;
    await new Promise((done) => setTimeout(done, 30));
  }
  throw new Error(`the helper never ran a chunk: ${String(poolFor(HELPER_WORKER_URL).lastError)}`);
}
