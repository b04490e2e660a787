// Activation layers with caches: sigmoid, relu and tanh, each forward beside the one backward.
// All three caches hold the forward's output y, because every derivative here is a function of
// y alone: sigmoid' = y(1 - y), tanh' = 1 - y², relu' = [y > 0] (y > 0 exactly when x > 0).
import type { DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix, outMatrix, sameDType } from "../ops/check.js";
import * as k from "../kernels/activation.js";

/** The hidden-layer nonlinearities the nn layer offers. */
export type Activation = "sigmoid" | "relu" | "tanh";

const ACTIVATIONS: readonly Activation[] = ["sigmoid", "relu", "tanh"];

/** Throws unless `a` names an activation; returns it. */
export function checkActivation(op: string, a: unknown): Activation {
  if (!ACTIVATIONS.includes(a as Activation)) {
    throw new TypeError(`${op}: activation must be one of ${ACTIVATIONS.map((s) => `"${s}"`).join(", ")}, got ${String(a)}`);
  }
  return a as Activation;
}

/** What activationBackward needs: which activation ran, and its output. */
export interface ActivationCache<B extends number, N extends number, D extends DType = "f32"> {
  readonly activation: Activation;
  readonly out: Matrix<B, N, D>;
}

/**
 * Applies an activation and returns its output with the cache for backward.
 * @example
 * const { out: z1, cache } = activationForward("relu", a1); // Matrix<100, 50>
 */
export function activationForward<B extends number, N extends number, D extends DType>(
  activation: Activation, x: Matrix<B, N, D>, out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): { out: Matrix<B, N, D>; cache: ActivationCache<B, N, D> } {
  const act = checkActivation("activationForward", activation);
  if (!isMatrix(x)) throw new TypeError("activationForward: x must be a Matrix");
  // out may be x itself: each element is read before it is written.
  const o = outMatrix("activationForward", out, x.rows, x.cols, x.dtype) as Matrix<B, N, D>;
  const n = x.rows * x.cols;
  if (act === "sigmoid") k.sigmoid(o.data, x.data, n);
  else if (act === "relu") k.relu(o.data, x.data, n);
  else k.tanh(o.data, x.data, n);
  return { out: o, cache: { activation: act, out: o } };
}

/** Sigmoid layer: 1 / (1 + e^-x), stable for large |x|. @example const { out, cache } = sigmoidForward(a1); */
export function sigmoidForward<B extends number, N extends number, D extends DType>(
  x: Matrix<B, N, D>, out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): { out: Matrix<B, N, D>; cache: ActivationCache<B, N, D> } {
  return activationForward("sigmoid", x, out);
}
/** ReLU layer: max(x, 0). @example const { out, cache } = reluForward(a1); */
export function reluForward<B extends number, N extends number, D extends DType>(
  x: Matrix<B, N, D>, out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): { out: Matrix<B, N, D>; cache: ActivationCache<B, N, D> } {
  return activationForward("relu", x, out);
}
/** Tanh layer. @example const { out, cache } = tanhForward(a1); */
export function tanhForward<B extends number, N extends number, D extends DType>(
  x: Matrix<B, N, D>, out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): { out: Matrix<B, N, D>; cache: ActivationCache<B, N, D> } {
  return activationForward("tanh", x, out);
}

/**
 * dX = dOut ⊙ f'(x), with f' computed from the cached output (see the file comment). `out` may
 * be dOut itself.
 * @example
 * const da1 = activationBackward(dz1, cache); // the seed's sigmoid_grad(a1) * dz1
 */
export function activationBackward<B extends number, N extends number, D extends DType>(
  dOut: Matrix<B, N, D>, cache: ActivationCache<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
  out?: Matrix<NoInfer<B>, NoInfer<N>, NoInfer<D>>,
): Matrix<B, N, D> {
  if (!isMatrix(dOut)) throw new TypeError("activationBackward: dOut must be a Matrix");
  if (!cache || !isMatrix(cache.out)) throw new TypeError("activationBackward: cache must come from an activation forward");
  const act = checkActivation("activationBackward", cache.activation);
  const y = cache.out;
  if (dOut.rows !== y.rows || dOut.cols !== y.cols) {
    throw new ShapeError("activationBackward", `dOut is ${fmtShape(dOut)} but the layer's output is ${fmtShape(y)}`);
  }
  sameDType("activationBackward", dOut, y);
  const o = outMatrix("activationBackward", out, dOut.rows, dOut.cols, dOut.dtype) as Matrix<B, N, D>;
  const n = dOut.rows * dOut.cols;
  if (act === "sigmoid") k.sigmoidBackward(o.data, dOut.data, y.data, n);
  else if (act === "relu") k.reluBackward(o.data, dOut.data, y.data, n);
  else k.tanhBackward(o.data, dOut.data, y.data, n);
  return o;
}
