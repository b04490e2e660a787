// Parameter trees and their gradients' type. A tree is a Matrix or Vector leaf, or records,
// arrays and tuples of trees; its gradient is the same tree with every leaf's exact type
// (static, `number` and Dim<"label"> dims, f32 and f64), so a gradient can never drift from the
// parameter it belongs to. nn re-exports Gradients from here: one type for the whole library.
import type { DType } from "../shape/dtype.js";
import type { Column, Matrix, Vector } from "../shape/tensor.js";

/** One differentiable tensor: a matrix or a vector of either dtype. */
export type Leaf = Matrix<number, number, DType> | Vector<number, DType> | Column<number, DType>;

/**
 * Gradients of a parameter tree: the same keys, array and tuple positions, with exactly the
 * parameters' types (nested subtrees and a bare leaf keep their own). One homomorphic mapped
 * type, so errors and hovers print `Gradients<TwoLayerParams<784, 50, 10>>`, not its expansion.
 * @example
 * ```ts
 * const params = { W: zeros(784, 50), b: zerosVector(50) };
 * const g: Gradients<typeof params> = { W: zeros(784, 50), b: zerosVector(50) }; // g.W: Matrix<784, 50>
 * ```
 */
export type Gradients<P> = { [K in keyof P]: P[K] };

/**
 * The constraint "P is a tree of tensors": a leaf, or records / arrays / tuples whose every leaf is
 * a Matrix or a Vector; a number or string anywhere in it fails at its key. Written as mapped
 * types over P (a conditional on P would be a circular constraint), so interfaces and generic
 * dims satisfy it; `object &` because a mapped type over `number` is `number` itself.
 * @example
 * ```ts
 * function f<P extends Differentiable<P>>(p: P): P { return p; }
 * f({ W: zeros(2, 3), layers: [{ b: zerosVector(3) }] });
 * ```
 */
export type Differentiable<P> = Leaf | (object & { [K in keyof P]: Leaf | Branch<P[K]> });
type Branch<T> = T extends Leaf ? never : T extends object ? { [K in keyof T]: Leaf | Branch<T[K]> } : never;
