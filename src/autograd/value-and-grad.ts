// valueAndGrad and grad: run f on a tape, then its rules backward, and hand back the gradient of
// every parameter leaf in a tree of exactly the parameters' type.
import { isColumn, isMatrix, isVector } from "../shape/guards.js";
import type { Placement } from "../shape/dtype.js";
import { Tape, emptyLike, type Node } from "./tape.js";
import type { Differentiable, Gradients, Leaf } from "./tree.js";

/** What a differentiated function returns: f's value and the gradients of its parameters. */
export interface ValueAndGradient<P> {
  readonly value: number;
  /**
   * ∂value/∂params, shaped like the parameters. The tensors are the tape's and are overwritten
   * by the next call of the same differentiated function (clone them to keep them).
   */
  readonly grads: Gradients<P>;
}

/**
 * Differentiates `f(params, ...rest)` with respect to its first argument, a tree of tensors; the
 * other arguments (data, labels) pass through untouched. f must compute with the traced ops in
 * `ad` and return one of their scalar results (a loss). Each differentiated function keeps its
 * own tape, whose buffers every later call with the same shapes reuses.
 * @example
 * ```ts
 * const params = { W: ones(3, 2), b: zerosVector(2) };
 * const X = ones(4, 3), y = asLabels([0, 1, 1, 0], 4);
 * const lossOf = (p: typeof params, X: Matrix<4, 3>, y: Labels<4>) =>
 *   ad.softmaxCrossEntropy(ad.add(ad.dot(X, p.W), p.b), y).loss;
 * const { value, grads } = valueAndGrad(lossOf)(params, X, y); // grads.W: Matrix<3, 2>
 * ```
 */
export function valueAndGrad<P extends Differentiable<P>, A extends unknown[]>(
  f: (params: P, ...rest: A) => number,
): (params: P, ...rest: A) => ValueAndGradient<P> {
  return valueAndGradPlaced(f);
}

/**
 * valueAndGrad with the storage of the gradients and of the tape's buffers from `place` where it
 * gives one: a trainer puts them in the wasm kernels' memory this way, as the fused trainer keeps
 * its workspaces, so the products read and write them in place (Xᵀ·dZ writes dW₁ there and the
 * update reads it there) instead of copying them in and out (same values). Internal: the
 * package root does not export it.
 */
export function valueAndGradPlaced<P extends Differentiable<P>, A extends unknown[]>(
  f: (params: P, ...rest: A) => number,
  place?: Placement,
): (params: P, ...rest: A) => ValueAndGradient<P> {
  if (typeof f !== "function") throw new TypeError("valueAndGrad: f must be a function");
  const tape = new Tape(place);
  const gradTrees = new WeakMap<object, unknown>();
  const leaves: Node[] = [];
  return (params: P, ...rest: A): ValueAndGradient<P> => {
    if (typeof params !== "object" || params === null) {
      throw new TypeError(
        `valueAndGrad: params must be a Matrix, a Vector or a tree of them, got ${params === null ? "null" : typeof params}`,
      );
    }
    let grads = gradTrees.get(params);
    tape.begin("valueAndGrad");
    let value: unknown;
    try {
      leaves.length = 0;
      if (grads === undefined || !register(tape, params, grads, leaves, "")) {
        // First call, or a parameter was replaced by one of another shape: a fresh gradient tree.
        grads = zerosLike(params, "", place);
        gradTrees.set(params, grads);
        leaves.length = 0;
        register(tape, params, grads, leaves, "");
      }
      value = f(params, ...rest);
      if (typeof value !== "number")
        throw new TypeError(`valueAndGrad: f must return a number (a traced loss), got ${typeof value}`);
      const out = tape.output(value);
      if (out === null) {
        throw new Error(
          `valueAndGrad: f returned ${value}, which no traced op produced: return the result of a reduction of ` +
            "everything (ad.sum, ad.mean, ad.max, ad.min, ad.logSumExp, ad.variance, ad.std), ad.dot(u, v), " +
            "ad.crossEntropy or ad.softmaxCrossEntropy(...).loss as it is (arithmetic on it in plain JS is not traced)",
        );
      }
      tape.backward(out);
      // A parameter f never used has a zero gradient.
      for (const leaf of leaves) if (!leaf.hasGrad) leaf.grad!.data.fill(0);
    } finally {
      tape.end();
    }
    return { value, grads: grads as Gradients<P> };
  };
}

/**
 * The gradient of `f(params, ...rest)` with respect to `params`: valueAndGrad without the value.
 * @example
 * ```ts
 * const W = ones(3, 2);
 * const dW = grad((w: Matrix<3, 2>) => ad.sum(ad.mul(w, w)))(W); // Matrix<3, 2>, 2·W
 * ```
 */
export function grad<P extends Differentiable<P>, A extends unknown[]>(
  f: (params: P, ...rest: A) => number,
): (params: P, ...rest: A) => Gradients<P> {
  const vg = valueAndGrad(f);
  return (params: P, ...rest: A) => vg(params, ...rest).grads;
}

function isLeaf(x: unknown): x is Leaf {
  return isMatrix(x) || isVector(x) || isColumn(x);
}

/**
 * Registers every leaf of `p` with its gradient tensor at the same place in `g`; false when `g`
 * no longer fits `p`. Walks records with for...in (V8's enum cache) so a step allocates nothing.
 */
function register(tape: Tape, p: unknown, g: unknown, leaves: Node[], path: string): boolean {
  if (isLeaf(p)) {
    if (
      !isLeaf(g) ||
      g.kind !== p.kind ||
      g.dtype !== p.dtype ||
      g.data.length !== p.data.length ||
      (isMatrix(p) && p.rows !== (g as typeof p).rows)
    )
      return false;
    const before = tape.nodeOf(p);
    if (before !== null) {
      throw new Error(
        `valueAndGrad: params${path ? `.${path}` : ""} is a tensor that appears twice in the tree: ` +
          "tie weights by using one leaf twice inside f",
      );
    }
    leaves.push(tape.leaf(p, g));
    return true;
  }
  if (typeof g !== "object" || g === null) return false;
  if (Array.isArray(p)) {
    if (!Array.isArray(g) || g.length !== p.length) return false;
    for (let i = 0; i < p.length; i++) if (!register(tape, p[i], g[i], leaves, path)) return false;
    return true;
  }
  for (const k in p as object) {
    if (!Object.prototype.hasOwnProperty.call(p, k)) continue;
    if (!register(tape, (p as Record<string, unknown>)[k], (g as Record<string, unknown>)[k], leaves, path))
      return false;
  }
  return true;
}

/** A tree of zeros shaped like `p`, checking that every leaf is a tensor. */
function zerosLike(p: unknown, path: string, place?: Placement): unknown {
  if (isLeaf(p)) return emptyLike(p, place);
  if (typeof p !== "object" || p === null) {
    throw new TypeError(
      `valueAndGrad: params${path ? `.${path}` : ""} is ${p === null ? "null" : typeof p}, not a Matrix, Vector or tree of them`,
    );
  }
  if (Array.isArray(p)) return p.map((c, i) => zerosLike(c, path ? `${path}.${i}` : String(i), place));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(p))
    out[k] = zerosLike((p as Record<string, unknown>)[k], path ? `${path}.${k}` : k, place);
  return out;
}
