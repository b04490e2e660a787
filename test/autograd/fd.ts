// The finite-difference check every rule test uses: the loss is Σ G ⊙ op(params) for a fixed
// random G (for ops that return a number, the number itself), differentiated by the tape and
// numerically (fourth-order stencil, see helpers.numericGradient), in float64.
import { expect } from "vitest";
import { ad, Column, Matrix, Vector, rng, valueAndGrad, type DType, type Leaf, type Rng } from "../../src/index.js";
import { gradError, numericGradient } from "../nn/helpers.js";

export type Params = Record<string, Leaf>;

export function mat(g: Rng, r: number, c: number, lo = -2, hi = 2, gap = 0): Matrix<number, number, "f64"> {
  const d = new Float64Array(r * c);
  for (let i = 0; i < d.length; i++) {
    let x: number;
    // Keep away from kinks (relu at 0) by `gap`.
    do x = lo + (hi - lo) * g.next();
    while (Math.abs(x) < gap);
    d[i] = x;
  }
  return new Matrix(d, r, c);
}
export function vec(g: Rng, n: number, lo = -2, hi = 2): Vector<number, "f64"> {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = lo + (hi - lo) * g.next();
  return new Vector(d, n);
}
export function col(g: Rng, n: number, lo = -2, hi = 2): Column<number, "f64"> {
  return new Column(vec(g, n, lo, hi).data, n);
}
function upstreamLike(g: Rng, y: Leaf): Leaf {
  return y.kind === "matrix" ? mat(g, y.rows, y.cols) : y.kind === "column" ? col(g, y.size) : vec(g, y.size);
}

/** The worst relative error, over every parameter, of the tape's gradient against finite differences. */
export function worstError(params: Params, f: (p: Params) => Leaf | number, seed = 7): number {
  const g = rng(seed);
  const y0 = f(params); // untraced: the ad ops run as the plain ops outside valueAndGrad
  const G = typeof y0 === "number" ? null : upstreamLike(g, y0);
  const loss = (p: Params): number => {
    const y = f(p);
    return typeof y === "number"
      ? y
      : ad.sum(ad.mul(y as Matrix<number, number, DType>, G as Matrix<number, number, DType>));
  };
  const { value, grads } = valueAndGrad(loss)(params);
  expect(value).toBeCloseTo(loss(params), 12);
  let worst = 0;
  for (const k of Object.keys(params)) {
    const numeric = numericGradient(() => loss(params), params[k]!.data as Float64Array);
    worst = Math.max(worst, gradError(grads[k]!.data, numeric));
  }
  return worst;
}
