// The oracle for the ops' backward functions: a backward computes the vector-Jacobian product
// Gᵀ·∂op/∂x for an upstream gradient G, which is the gradient of Σ G ⊙ op(x); central finite
// differences of that sum in float64 check it, and the float32 run is checked against float64.
import { expect } from "vitest";
import { astype } from "../../src/ops/convert.js";
import { rng, type Rng } from "../../src/random/rng.js";
import { Column, Matrix, Vector } from "../../src/shape/tensor.js";
import type { DType } from "../../src/shape/dtype.js";
import { gradError, numericGradient } from "../nn/helpers.js";

/** Any tensor an op takes. */
export type T = Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>;

/** A float64 matrix of uniform values in [lo, hi), redrawn while `avoid(x, i)` holds (near a kink). */
export function randMatrix(
  g: Rng,
  r: number,
  c: number,
  lo = -2,
  hi = 2,
  avoid: (x: number, i: number) => boolean = () => false,
): Matrix<number, number, "f64"> {
  const d = new Float64Array(r * c);
  for (let i = 0; i < d.length; i++) {
    do d[i] = lo + (hi - lo) * g.next();
    while (avoid(d[i]!, i));
  }
  return new Matrix(d, r, c);
}
export function randVector(g: Rng, n: number, lo = -2, hi = 2): Vector<number, "f64"> {
  return new Vector(randMatrix(g, 1, n, lo, hi).data, n);
}
export function randColumn(g: Rng, n: number, lo = -2, hi = 2): Column<number, "f64"> {
  return new Column(randMatrix(g, 1, n, lo, hi).data, n);
}

function randomLike(g: Rng, y: T | number): T | number {
  if (typeof y === "number") return -1 + 2 * g.next();
  const t = randMatrix(g, 1, y.data.length);
  return y.kind === "matrix"
    ? new Matrix(t.data, y.rows, y.cols)
    : y.kind === "column"
      ? new Column(t.data, y.size)
      : new Vector(t.data, y.size);
}
function dotAll(y: T | number, G: T | number): number {
  if (typeof y === "number") return y * (G as number);
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += y.data[i]! * (G as T).data[i]!;
  return s;
}
function f32(x: T | number): T | number {
  return typeof x === "number" ? x : astype(x as Matrix<number, number, DType>, "f32");
}

/**
 * Checks that `backward(G, xs)` returns, for each input index in `wrt` (in that order), the
 * gradient of Σ G ⊙ forward(xs) with a random G: in float64 against central differences (1e-6
 * relative), and in float32 against the float64 result (1e-4 of each array's largest element).
 */
export function checkBackward(
  xs: T[],
  wrt: number[],
  // The callbacks see `never`s: any op accepts them, so a test reads `abs(a!)`, not a cast.
  forward: (xs: never[]) => T | number,
  backward: (G: never, xs: never[]) => (T | undefined)[],
  seed = 11,
): void {
  const G = randomLike(rng(seed), forward(xs as never[]));
  const grads = backward(G as never, xs as never[]);
  expect(grads.length).toBe(wrt.length);
  wrt.forEach((k, i) => {
    const numeric = numericGradient(() => dotAll(forward(xs as never[]), G), xs[k]!.data as Float64Array);
    const got = grads[i]!;
    expect(got.dtype).toBe("f64");
    expect(got.kind).toBe(xs[k]!.kind);
    expect(gradError(got.data, numeric), `input ${k}`).toBeLessThan(1e-6);
  });
  const grads32 = backward(f32(G) as never, xs.map((x) => f32(x)) as never[]);
  wrt.forEach((_, i) => {
    const want = grads[i]!.data,
      got = grads32[i]!;
    expect(got.dtype).toBe("f32");
    const scale = Math.max(...Array.from(want, Math.abs), 1e-30);
    for (let j = 0; j < want.length; j++) expect(Math.abs(got.data[j]! - want[j]!)).toBeLessThanOrEqual(1e-4 * scale);
  });
}
