// The seed's two-layer network, typed: I inputs -> H hidden (sigmoid by default) -> O classes
// (softmax-cross-entropy). The network (`TwoLayer`) is its parameters plus its activation, so
// nothing that runs it asks for the activation again. Two ways to run it: the layer-by-layer
// path (twoLayerForward / twoLayerBackward / trainStep), built from the ops, where every cache
// and gradient has a checked shape and which reads like the seed; and createTrainer, the
// preallocated, fused loop for real training (dense-stack.ts, the one fast path).
import { allocate, type DType } from "../shape/dtype.js";
import { Matrix, type Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import type { Rng } from "../random/rng.js";
import { affineBackward, affineForward, type AffineCache } from "./affine.js";
import { activationBackward, activationForward, type Activation, type ActivationCache } from "./activation.js";
import {
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  type SoftmaxCrossEntropyCache,
  type Target,
} from "./loss.js";
import { initDenseParams, type InitOptions } from "./init.js";
import { sgd, type Optimizer } from "./optim.js";
import type { Labels } from "./labels.js";
import { zerosPlaced, type Gradients } from "./params.js";
import { layerSizes, type DenseRef } from "./dense-stack.js";
import { resolveModelOptions, type ModelOptions } from "./model-options.js";
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
 * ```ts
 * const params = initTwoLayer(rng(0), 784, 50, 10); // TwoLayerParams<784, 50, 10, "f32">
 * ```
 */
export function initTwoLayer<
  const I extends number,
  const H extends number,
  const O extends number,
  D extends DType = "f32",
>(gen: Rng, input: I, hidden: H, output: O, opts?: InitOptions<D>): TwoLayerParams<I, H, O, NoInfer<D>> {
  const l1 = initDenseParams(gen, input, hidden, opts);
  const l2 = initDenseParams(gen, hidden, output, opts);
  return { W1: l1.W, b1: l1.b, W2: l2.W, b2: l2.b };
}

/** A two-layer network: its parameters (updated in place by training) and its activation. */
export interface TwoLayer<I extends number, H extends number, O extends number, D extends DType = "f32"> {
  readonly params: TwoLayerParams<I, H, O, D>;
  /** The hidden layer's activation. */
  readonly activation: Activation;
}

/**
 * A network over `params` with its hidden activation (default "sigmoid", the seed's); every
 * function that runs it reads the activation from here. Checks that the parameters chain.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10, { init: "he" }), { activation: "relu" });
 * ```
 */
export function twoLayer<I extends number, H extends number, O extends number, D extends DType>(
  params: TwoLayerParams<I, H, O, D>,
  opts?: ModelOptions,
): TwoLayer<I, H, O, D> {
  if (params === null || typeof params !== "object") throw new TypeError("twoLayer: params must be { W1, b1, W2, b2 }");
  layerSizes("twoLayer", twoLayerRefs(params as TwoLayerParams<number, number, number, DType>));
  return { params, ...resolveModelOptions("twoLayer", opts) };
}

export function netOf<I extends number, H extends number, O extends number, D extends DType>(
  op: string,
  net: TwoLayer<I, H, O, D>,
): TwoLayer<I, H, O, D> {
  if (net === null || typeof net !== "object" || typeof net.params !== "object") {
    throw new TypeError(`${op}: expected a network from twoLayer(params), got ${net === null ? "null" : typeof net}`);
  }
  return net;
}

/** Everything twoLayerBackward needs, each piece typed by the layer it came from. */
export interface TwoLayerCache<
  B extends number,
  I extends number,
  H extends number,
  O extends number,
  D extends DType = "f32",
> {
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
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const { loss, probs, cache } = twoLayerForward(net, zeros(100, 784), asLabels(new Uint8Array(100), 100));
 * ```
 */
export function twoLayerForward<
  I extends number,
  H extends number,
  O extends number,
  D extends DType,
  B extends number,
>(
  net: TwoLayer<I, H, O, D>,
  X: Matrix<B, NoInfer<I>, NoInfer<D>>,
  target: Target<NoInfer<B>, NoInfer<O>, NoInfer<D>>,
): { loss: number; probs: Matrix<B, O, D>; cache: TwoLayerCache<B, I, H, O, D> } {
  const { params, activation } = netOf("twoLayerForward", net);
  const { out: a1, cache: affine1 } = affineForward(X, params.W1, params.b1);
  // In place: the activation's output overwrites a1, which backward does not need.
  const { out: z1, cache: hidden } = activationForward(activation, a1, a1);
  const { out: a2, cache: affine2 } = affineForward(z1, params.W2, params.b2);
  const { loss, probs, cache } = softmaxCrossEntropy(a2, target);
  return { loss, probs, cache: { affine1, hidden, affine2, loss: cache } };
}

/**
 * The backward pass through the caches, giving gradients of exactly the parameters' shapes. The
 * first layer's dX is skipped; db1 sums da1 (the seed summed dz1, a bug).
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const { cache } = twoLayerForward(net, zeros(100, 784), asLabels(new Uint8Array(100), 100));
 * const grads = twoLayerBackward(cache); // grads.W1: Matrix<784, 50>
 * ```
 */
export function twoLayerBackward<
  B extends number,
  I extends number,
  H extends number,
  O extends number,
  D extends DType,
>(cache: TwoLayerCache<B, I, H, O, D>): Gradients<TwoLayerParams<I, H, O, D>> {
  const dy = softmaxCrossEntropyBackward(cache.loss);
  const { dX: dz1, dW: W2, db: b2 } = affineBackward(dy, cache.affine2);
  const da1 = activationBackward(dz1, cache.hidden, dz1);
  const { dW: W1, db: b1 } = affineBackward(da1, cache.affine1, { skipDX: true });
  return { W1, b1, W2, b2 };
}

/**
 * One step of the seed's train_step on the layer-by-layer path: forward, backward, update of
 * the network's parameters in place (sgd with `lr`, default 0.1, unless an optimizer is given).
 * Returns the loss. Allocates as it goes; createTrainer is the allocation-free loop.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const loss = trainStep(net, zeros(100, 784), asLabels(new Uint8Array(100), 100), { lr: 0.1 });
 * ```
 */
export function trainStep<I extends number, H extends number, O extends number, D extends DType, B extends number>(
  net: TwoLayer<I, H, O, D>,
  X: Matrix<B, NoInfer<I>, NoInfer<D>>,
  target: Target<NoInfer<B>, NoInfer<O>, NoInfer<D>>,
  opts: { lr?: number; optimizer?: Optimizer } = {},
): number {
  const { loss, cache } = twoLayerForward(net, X, target);
  const grads = twoLayerBackward(cache);
  (opts.optimizer ?? sgd({ lr: opts.lr ?? 0.1 })).step(net.params, grads);
  return loss;
}

/** The two layers as the engine reads them: getters, so a replaced tensor is seen. */
export function twoLayerRefs(p: TwoLayerParams<number, number, number, DType>): DenseRef[] {
  return [
    {
      get W() {
        return p.W1;
      },
      get b() {
        return p.b1;
      },
    },
    {
      get W() {
        return p.W2;
      },
      get b() {
        return p.b2;
      },
    },
  ];
}

/**
 * A trainer for `net` on batches of `batch` rows, every workspace allocated here once: its
 * steps (gather, forward, fused softmax-cross-entropy, backward without the first layer's dX,
 * optimizer update) allocate nothing. Updates the network's parameters in place.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const trainer = createTrainer(net, 100, { optimizer: sgd({ lr: 0.1 }) });
 * const Xtrain = zeros(1000, 784), ytrain = asLabels(new Uint8Array(1000), 1000);
 * const loss = trainer.stepRows(Xtrain, ytrain, rng(1).fillInts(new Int32Array(100), 1000)); // 100 row numbers
 * ```
 */
export function createTrainer<
  I extends number,
  H extends number,
  O extends number,
  D extends DType,
  const B extends number,
>(net: TwoLayer<I, H, O, D>, batch: B, opts?: TrainerOptions): Trainer<TwoLayerParams<I, H, O, D>, I, D, B> {
  const { params, activation } = netOf("createTrainer", net);
  return stackTrainer(
    "createTrainer",
    params,
    (place) => {
      const grads = zerosPlaced(params, place);
      return { grads, gradLayers: twoLayerRefs(grads) };
    },
    twoLayerRefs(params),
    batch,
    activation,
    opts,
  );
}

/**
 * Class probabilities for every row of X (the seed's predict), computed 1000 rows at a time so
 * the hidden activations never need more than a 1000 × H buffer.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const probs = predict(net, zeros(10000, 784)); // Matrix<10000, 10>
 * ```
 */
export function predict<I extends number, H extends number, O extends number, D extends DType, R extends number>(
  net: TwoLayer<I, H, O, D>,
  X: Matrix<R, NoInfer<I>, NoInfer<D>>,
): Matrix<R, O, D> {
  const { params, activation } = netOf("predict", net);
  if (!isMatrix(X)) throw new TypeError("predict: X must be a Matrix");
  const out = new Matrix(allocate(params.W1.dtype, X.rows * params.W2.cols), X.rows, params.W2.cols) as Matrix<R, O, D>;
  stackPredict("predict", twoLayerRefs(params), X, activation, out);
  return out;
}

/**
 * The fraction of rows of X whose most probable class is their label (the seed's accuracy), in
 * chunks of 1000 rows: bounded memory, no probabilities materialized. A row whose outputs hold
 * a NaN predicts no class (argmax's -1) and is never counted correct.
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const acc = accuracy(net, zeros(100, 784), asLabels(new Uint8Array(100), 100));
 * ```
 */
export function accuracy<I extends number, H extends number, O extends number, D extends DType, R extends number>(
  net: TwoLayer<I, H, O, D>,
  X: Matrix<R, NoInfer<I>, NoInfer<D>>,
  labels: Labels<NoInfer<R>>,
): number {
  const { params, activation } = netOf("accuracy", net);
  return stackAccuracy("accuracy", twoLayerRefs(params), X, labels, activation);
}
