// The activation layer: the activation ops (ops/activation.ts, one table entry each) with a
// cache that names which activation ran and holds its output y, since every derivative in the
// table is read from y (the activation table in src/kernels, activation.ts).
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix } from "../ops/check.js";
import { activate, activateBackward, checkActivation, type Activation } from "../ops/activation.js";

export { checkActivation, DEFAULT_ACTIVATION, type Activation } from "../ops/activation.js";

/** What activationBackward needs: which activation ran, and its output. */
export interface ActivationCache<B extends number, N extends number, D extends DType = "f32"> {
  readonly activation: Activation;
  readonly out: Matrix<B, N, D>;
}

/**
 * Applies an activation (into `out` when given, which may be x) and returns its output with the
 * cache for backward.
 * @example
 * ```ts
 * const a1 = zeros(100, 50);
 * const { out: z1, cache } = activationForward("relu", a1); // Matrix<100, 50>
 * ```
 */
export function activationForward<B extends number, N extends number, D extends DType>(
  activation: Activation,
  x: Matrix<B, N, D>,
  out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): { out: Matrix<B, N, D>; cache: ActivationCache<B, N, D> } {
  const act = checkActivation("activationForward", activation);
  if (!isMatrix(x)) throw new TypeError("activationForward: x must be a Matrix");
  const o = activate("activationForward", act, x, out);
  return { out: o, cache: { activation: act, out: o } };
}

/**
 * dX = dOut ⊙ f'(x), with f' read from the cached output. `out` may be dOut itself.
 * @example
 * ```ts
 * const { out: z1, cache } = activationForward("sigmoid", zeros(100, 50));
 * const da1 = activationBackward(ones(100, 50), cache); // the seed's sigmoid_grad(a1) * dz1
 * ```
 */
export function activationBackward<B extends number, N extends number, D extends DType>(
  dOut: Matrix<B, N, D>,
  cache: ActivationCache<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
  out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): Matrix<B, N, D> {
  if (!isMatrix(dOut)) throw new TypeError("activationBackward: dOut must be a Matrix");
  if (!cache || !isMatrix(cache.out))
    throw new TypeError("activationBackward: cache must come from an activation forward");
  const act = checkActivation("activationBackward", cache.activation);
  const y = cache.out;
  if (dOut.rows !== y.rows || dOut.cols !== y.cols) {
    throw new ShapeError("activationBackward", `dOut is ${fmtShape(dOut)} but the layer's output is ${fmtShape(y)}`);
  }
  return activateBackward("activationBackward", act, dOut, y, out);
}
