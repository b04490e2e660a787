// Parameter records: the typed trees (records, tuples, or both nested) whose leaves are the
// matrices and vectors a model learns. Optimizers, the trainers and safetensors all walk them the
// same way, so the walk lives here once.
import { allocate, type DType, type Placement } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { isMatrix, isVector } from "../shape/guards.js";

/** One learnable tensor: a matrix or a vector of either dtype. */
export type Param = Matrix<number, number, DType> | Vector<number, DType>;

// Gradients<P> (the same tree with every leaf's exact type) lives in autograd: one type for both.
import type { Gradients } from "../autograd/tree.js";
export type { Gradients } from "../autograd/tree.js";

/**
 * The constraint "P is a tree of tensors": every leaf of P is a Matrix or a Vector. Written as a
 * mapped type over P (not an index signature) so interfaces such as TwoLayerParams satisfy it,
 * and with `Param` as a plain union member so generic code (`TwoLayerParams<I, H, O, D>`) does
 * too; a number or string leaf does not.
 */
export type ParamTree<P> = { [K in keyof P]: Param | ParamNode<P[K]> };
type ParamNode<T> = T extends Param ? never : T extends object ? ParamTree<T> : never;

function isLeaf(x: unknown): x is Param {
  return isMatrix(x) || isVector(x);
}

/** The names of a node's children: indices for arrays (tuples), own keys for records. */
function childKeys(node: object): string[] {
  return Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
}

/**
 * Every leaf of a tree with its dotted path ("W1", "layers.0.W"), in key order. Allocates the
 * list, so it is for set-up and I/O, not for a training step.
 */
export function paramEntries(tree: unknown, what = "params"): [string, Param][] {
  const out: [string, Param][] = [];
  const visit = (node: unknown, path: string): void => {
    if (isLeaf(node)) {
      out.push([path, node]);
      return;
    }
    if (typeof node !== "object" || node === null) {
      throw new TypeError(
        `${what}: ${path || "the root"} is ${node === null ? "null" : typeof node}, not a Matrix, Vector or record of them`,
      );
    }
    for (const k of childKeys(node)) visit((node as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  };
  visit(tree, "");
  return out;
}

/** A fresh tree of zeros with the structure, shapes and dtypes of `tree` (e.g. gradients). */
export function zerosLike<P extends ParamTree<P>>(tree: P): Gradients<P> {
  return zerosPlaced(tree);
}

/** zerosLike with each leaf's storage from `place` where it gives one (the trainers put their
 * gradients in the kernels' wasm memory this way). Internal: not exported by the package. */
export function zerosPlaced<P extends ParamTree<P>>(tree: P, place?: Placement): Gradients<P> {
  return mapTree(tree, (leaf) => emptyLike(leaf, place)) as Gradients<P>;
}

/** A zeroed tensor of `leaf`'s shape and dtype, its storage from `place` when it gives one. */
function emptyLike<T extends Param>(leaf: T, place?: Placement): T {
  if (isMatrix(leaf)) return new Matrix(allocate(leaf.dtype, leaf.rows * leaf.cols, place), leaf.rows, leaf.cols) as T;
  return new Vector(allocate(leaf.dtype, leaf.size, place), leaf.size) as T;
}

/** The same tree with every leaf replaced by `f(leaf, path)`; arrays stay arrays. */
export function mapTree(tree: unknown, f: (leaf: Param, path: string) => Param, what = "params"): unknown {
  const visit = (node: unknown, path: string): unknown => {
    if (isLeaf(node)) return f(node, path);
    if (typeof node !== "object" || node === null) {
      throw new TypeError(
        `${what}: ${path || "the root"} is ${node === null ? "null" : typeof node}, not a Matrix, Vector or record of them`,
      );
    }
    if (Array.isArray(node)) return node.map((c, i) => visit(c, path ? `${path}.${i}` : String(i)));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node)) out[k] = visit((node as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    return out;
  };
  return visit(tree, "");
}

/**
 * Calls `f(param, grad)` for each pair of leaves of two trees of the same shape, checking at run
 * time that the structures, shapes and dtypes agree (the types say so, but `number` dims and
 * casts can lie) before calling `f` on any pair. Allocates nothing on the way (no path strings, no key arrays), because
 * optimizers call it on every training step; the path is rebuilt only to word an error.
 */
export function forEachPair(op: string, params: unknown, grads: unknown, f: (p: Param, g: Param) => void): void {
  // Check every pair before touching any: a refused step must leave all parameters (and an
  // optimizer's state) as they were, not half updated.
  walkPair(op, params, grads, noop, params, grads);
  walkPair(op, params, grads, f, params, grads);
}

function noop(): void {}

function walkPair(
  op: string,
  p: unknown,
  g: unknown,
  f: (p: Param, g: Param) => void,
  rootP: unknown,
  rootG: unknown,
): void {
  if (isLeaf(p)) {
    if (
      !isLeaf(g) ||
      p.kind !== g.kind ||
      p.dtype !== g.dtype ||
      p.data.length !== g.data.length ||
      (isMatrix(p) && isMatrix(g) && (p.rows !== g.rows || p.cols !== g.cols))
    ) {
      throw mismatch(op, rootP, rootG, p);
    }
    f(p, g);
    return;
  }
  if (typeof p !== "object" || p === null || typeof g !== "object" || g === null) throw mismatch(op, rootP, rootG, p);
  if (Array.isArray(p)) {
    if (!Array.isArray(g) || g.length !== p.length) throw mismatch(op, rootP, rootG, p);
    for (let i = 0; i < p.length; i++) walkPair(op, p[i], g[i], f, rootP, rootG);
    return;
  }
  // for...in over a plain record uses V8's enum cache: no key array per step.
  for (const k in p) {
    if (!Object.prototype.hasOwnProperty.call(p, k)) continue;
    walkPair(op, (p as Record<string, unknown>)[k], (g as Record<string, unknown>)[k], f, rootP, rootG);
  }
}

/** Words the first disagreement between two trees: the path, and both shapes. */
function mismatch(op: string, rootP: unknown, rootG: unknown, at: unknown): Error {
  const find = (p: unknown, path: string): string | undefined => {
    if (p === at) return path;
    if (typeof p !== "object" || p === null || isLeaf(p)) return undefined;
    for (const k of childKeys(p)) {
      const r = find((p as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  const path = find(rootP, "") ?? "?";
  let g: unknown = rootG;
  for (const k of path ? path.split(".") : [])
    g = typeof g === "object" && g !== null ? (g as Record<string, unknown>)[k] : undefined;
  const desc = (x: unknown): string =>
    isLeaf(x)
      ? `${fmtShape(x)} ${x.dtype}`
      : x === undefined
        ? "missing"
        : typeof x === "object" && x !== null
          ? "a record"
          : String(x);
  return new ShapeError(op, `${path || "the root"}: parameter is ${desc(at)} but its gradient is ${desc(g)}`);
}
