// The seed's two-layer network, typed: I inputs -> H hidden (sigmoid by default) -> O classes
// (softmax-cross-entropy). Two ways to run it: the layer-by-layer path (twoLayerForward /
// twoLayerBackward / trainStep), where every cache and gradient has a checked shape and which
// reads like the seed; and createTrainer, the preallocated, fused loop for real training.
import { allocate, type DType } from "../shape/dtype.js";
import { Matrix, type Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import type { Rng } from "../random/rng.js";
import { affineBackward, affineForward, type AffineCache } from "./affine.js";
import { activationBackward, activationForward, checkActivation, type Activation, type ActivationCache } from "./activation.js";
import { softmaxCrossEntropy, softmaxCrossEntropyBackward, type SoftmaxCrossEntropyCache, type Target } from "./loss.js";
import { initDenseParams, type InitOptions } from "./init.js";
import { sgd, type Optimizer } from "./optim.js";
import type { Labels } from "./labels.js";
import { zerosLike, type Gradients } from "./params.js";
import type { DenseRef } from "./dense-stack.js";
import { stackAccuracy, stackPredict, stackTrainer, type Trainer, type TrainerOptions } from "./trainer.js";

export type { Activation } from "./activation.js";
export type { Gradients } from "./params.js";
export type { Optimizer } from "./optim.js";
export type { Trainer, TrainerOptions } from "./trainer.js";

/**
 * The parameters of an I -> H -> O network. H and O are fixed by W1 and W2 (the other fields
 * are NoInfer), so a record with W1 and W2 swapped, or b1 in b2's place, does not compile.
 */
export interface TwoLayerParams<I extends number, H extends number, O extends number, D extends DType = "f32"> {
  W1: Matrix<I, H, D>;
  b1: Vector<NoInfer<H>, NoInfer<D>>;
  W2: Matrix<NoInfer<H>, O, NoInfer<D>>;
  b2: Vector<NoInfer<O>, NoInfer<D>>;
}

/**
 * Fresh parameters: weights N(0, std²) with the seed's std 0.01 (or He / Xavier scaling), zero
 * biases, W1 drawn before W2 from the seeded generator (the seed's init_params).
 * @example
 * const params = initTwoLayer(rng(0), 784, 50, 10); // TwoLayerParams<784, 50, 10, "f32">
 */
export function initTwoLayer<const I extends number, const H extends number, const O extends number, D extends DType = "f32">(
  gen: Rng, input: I, hidden: H, output: O, opts?: InitOptions<D>,
): TwoLayerParams<I, H, O, NoInfer<D>> {
  const l1 = initDenseParams(gen, input, hidden, opts);
  const l2 = initDenseParams(gen, hidden, output, opts);
  return { W1: l1.W, b1: l1.b, W2: l2.W, b2: l2.b };
}

/** Everything twoLayerBackward needs, each piece typed by the layer it came from. */
export interface TwoLayerCache<B extends number, I extends number, H extends number, O extends number, D extends DType = "f32"> {
  readonly affine1: AffineCache<B, I, H, D>;
  // The dims are fixed by affine1 (and O by affine2): a cache assembled from mismatched pieces
  // does not compile, as with TwoLayerParams.
  readonly hidden: ActivationCache<NoInfer<B>, NoInfer<H>, NoInfer<D>>;
  readonly affine2: AffineCache<NoInfer<B>, NoInfer<H>, O, NoInfer<D>>;
  readonly loss: SoftmaxCrossEntropyCache<NoInfer<B>, NoInfer<O>, NoInfer<D>>;
}

/**
 * The forward pass, layer by layer (affine, activation, affine, softmax-cross-entropy): the loss,
 * the probabilities and the caches for backward. Targets are class indices or one-hot rows.
 * @example
 * const { loss, probs, cache } = twoLayerForward(params, Xb, asLabels(yb, 100));
 */
export function twoLayerForward<I extends number, H extends number, O extends number, D extends DType, B extends number>(
  params: TwoLayerParams<I, H, O, D>, X: Matrix<B, NoInfer<I>, NoInfer<D>>, target: Target<NoInfer<B>, NoInfer<O>, NoInfer<D>>,
  activation: Activation = "sigmoid",
): { loss: number; probs: Matrix<B, O, D>; cache: TwoLayerCache<B, I, H, O, D> } {
  const { out: a1, cache: affine1 } = affineForward(X, params.W1, params.b1);
  const { out: z1, cache: hidden } = activationForward(checkActivation("twoLayerForward", activation), a1);
  const { out: a2, cache: affine2 } = affineForward(z1, params.W2, params.b2);
  const { loss, probs, cache } = softmaxCrossEntropy(a2, target);
  return { loss, probs, cache: { affine1, hidden, affine2, loss: cache } };
}

/**
 * The backward pass through the caches, giving gradients of exactly the parameters' shapes. The
 * first layer's dX is skipped; db1 sums da1 (the seed summed dz1, a bug).
 * @example
 * const grads = twoLayerBackward(cache); // grads.W1: Matrix<784, 50>
 */
export function twoLayerBackward<B extends number, I extends number, H extends number, O extends number, D extends DType>(
  cache: TwoLayerCache<B, I, H, O, D>,
): Gradients<TwoLayerParams<I, H, O, D>> {
  const dy = softmaxCrossEntropyBackward(cache.loss);
  const { dX: dz1, dW: W2, db: b2 } = affineBackward(dy, cache.affine2);
  const da1 = activationBackward(dz1, cache.hidden);
  const { dW: W1, db: b1 } = affineBackward(da1, cache.affine1, { skipDX: true });
  return { W1, b1, W2, b2 };
}

/**
 * One step of the seed's train_step on the layer-by-layer path: forward, backward, update of
 * `params` in place (sgd with `lr`, default 0.1, unless an optimizer is given). Returns the loss.
 * Allocates as it goes; createTrainer is the allocation-free loop.
 * @example
 * const loss = trainStep(params, Xb, asLabels(yb, 100), { lr: 0.1 });
 */
export function trainStep<I extends number, H extends number, O extends number, D extends DType, B extends number>(
  params: TwoLayerParams<I, H, O, D>, X: Matrix<B, NoInfer<I>, NoInfer<D>>, target: Target<NoInfer<B>, NoInfer<O>, NoInfer<D>>,
  opts: { lr?: number; optimizer?: Optimizer; activation?: Activation } = {},
): number {
  const { loss, cache } = twoLayerForward(params, X, target, opts.activation);
  const grads = twoLayerBackward(cache);
  (opts.optimizer ?? sgd({ lr: opts.lr ?? 0.1 })).step(params, grads);
  return loss;
}

/** The two layers as the engine reads them: getters, so a replaced tensor is seen. */
function twoLayerRefs(p: TwoLayerParams<number, number, number, DType>): DenseRef[] {
  return [
    { get W() { return p.W1; }, get b() { return p.b1; } },
    { get W() { return p.W2; }, get b() { return p.b2; } },
  ];
}

/**
 * A trainer for `params` on batches of `batch` rows, every workspace allocated here once: its
 * steps (gather, forward, fused softmax-cross-entropy, backward without the first layer's dX,
 * optimizer update) allocate nothing. Updates `params` in place.
 * @example
 * const trainer = createTrainer(params, 100, { optimizer: sgd({ lr: 0.1 }) });
 * const loss = trainer.stepRows(Xtrain, ytrain, indices); // indices: 100 row numbers
 */
export function createTrainer<I extends number, H extends number, O extends number, D extends DType, const B extends number>(
  params: TwoLayerParams<I, H, O, D>, batch: B, opts?: TrainerOptions,
): Trainer<TwoLayerParams<I, H, O, D>, I, D, B> {
  const grads = zerosLike(params);
  return stackTrainer("createTrainer", params, grads, twoLayerRefs(params), twoLayerRefs(grads), batch, opts);
}

/**
 * Class probabilities for every row of X (the seed's predict), computed 1000 rows at a time so
 * the hidden activations never need more than a 1000 × H buffer.
 * @example
 * const probs = predict(params, Xtest); // Matrix<10000, 10>
 */
export function predict<I extends number, H extends number, O extends number, D extends DType, R extends number>(
  params: TwoLayerParams<I, H, O, D>, X: Matrix<R, NoInfer<I>, NoInfer<D>>, activation: Activation = "sigmoid",
): Matrix<R, O, D> {
  if (!isMatrix(X)) throw new TypeError("predict: X must be a Matrix");
  const out = new Matrix(allocate(params.W1.dtype, X.rows * params.W2.cols), X.rows, params.W2.cols) as Matrix<R, O, D>;
  stackPredict("predict", twoLayerRefs(params), X, activation, out);
  return out;
}

/**
 * The fraction of rows of X whose most probable class is their label (the seed's accuracy), in
 * chunks of 1000 rows: bounded memory, no probabilities materialized.
 * @example
 * const acc = accuracy(params, Xtest, ytest); // 0.9482
 */
export function accuracy<I extends number, H extends number, O extends number, D extends DType, R extends number>(
  params: TwoLayerParams<I, H, O, D>, X: Matrix<R, NoInfer<I>, NoInfer<D>>, labels: Labels<NoInfer<R>>, activation: Activation = "sigmoid",
): number {
  return stackAccuracy("accuracy", twoLayerRefs(params), X, labels, activation);
}
