// A multilayer perceptron of any depth: affine layers with one activation between them and
// softmax-cross-entropy on top. The layer sizes chain at compile time: in a 784 -> 128 -> 64 -> 10
// stack, a layer whose input is not the previous layer's output does not compile. This is
// list-and-equality work on tuple types, never arithmetic on sizes.
import { allocate, type DType } from "../shape/dtype.js";
import { Matrix, type Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import type { Rng } from "../random/rng.js";
import { affineBackward, affineForward, type AffineCache } from "./affine.js";
import { activationBackward, activationForward, type Activation, type ActivationCache } from "./activation.js";
import type { Labels } from "./labels.js";
import { resolveModelOptions, type ModelOptions } from "./model-options.js";
import { softmaxCrossEntropy, softmaxCrossEntropyBackward, type Target } from "./loss.js";
import { initDenseParams, type InitOptions } from "./init.js";
import { sgd, type Optimizer } from "./optim.js";
import { zerosPlaced, type Gradients } from "./params.js";
import { layerSizes } from "./dense-stack.js";
import { stackAccuracy, stackPredict, stackTrainer, type Trainer } from "./trainer.js";

/** One affine layer's parameters, I inputs to O outputs. `b` follows W's O (NoInfer). */
export interface Dense<I extends number, O extends number, D extends DType = "f32"> {
  W: Matrix<I, O, D>;
  b: Vector<NoInfer<O>, NoInfer<D>>;
}

/** Any layer, the bound of a layer list. */
export type AnyDense = Dense<number, number, DType>;

/**
 * The layers that would chain after an output of size `I` in dtype `D`: each takes the previous
 * one's output, in the first layer's dtype.
 */
type ChainFrom<I extends number, D extends DType, L extends readonly unknown[]> = L extends readonly [
  infer F,
  ...infer Rest,
]
  ? F extends { W: Matrix<number, infer O extends number, DType> }
    ? [Dense<I, O, D>, ...ChainFrom<O, D, Rest>]
    : never
  : [];

/**
 * `L` with every layer's input replaced by the previous layer's output (and its dtype by the
 * first layer's). A list is well formed when it is assignable to this; a mismatch reads e.g.
 * `Dense<32, 10> is not assignable to Dense<64, 10>` at the offending layer.
 */
export type Chained<L extends readonly AnyDense[]> = L extends readonly [
  { W: Matrix<infer I extends number, infer O extends number, infer D extends DType> },
  ...infer Rest,
]
  ? readonly [Dense<I, O, D>, ...ChainFrom<O, D, Rest>]
  : L;

/** The input width of a layer list. */
export type InputOf<L extends readonly AnyDense[]> = L extends readonly [
  { W: Matrix<infer I extends number, number, DType> },
  ...unknown[],
]
  ? I
  : number;
/** The output width (number of classes) of a layer list. */
export type OutputOf<L extends readonly AnyDense[]> = L extends readonly [
  ...unknown[],
  { W: Matrix<number, infer O extends number, DType> },
]
  ? O
  : number;
/** The dtype of a layer list. */
// A list of unknown length (from initMLP over a number[]) still has one dtype in all its layers.
export type DTypeOf<L extends readonly AnyDense[]> = L extends readonly [
  { W: Matrix<number, number, infer D extends DType> },
  ...unknown[],
]
  ? D
  : L[number] extends { W: Matrix<number, number, infer E extends DType> }
    ? E
    : DType;

/** The layers for a tuple of sizes: [784, 128, 10] -> [Dense<784, 128>, Dense<128, 10>]. */
export type LayersOf<S extends readonly number[], D extends DType = "f32"> = number extends S["length"]
  ? Dense<number, number, D>[]
  : S extends readonly [infer A extends number, infer B extends number, ...infer Rest extends number[]]
    ? [Dense<A, B, D>, ...LayersOf<[B, ...Rest], D>]
    : [];

/**
 * One layer's fresh parameters (weights as in initTwoLayer, zero bias).
 * @example
 * ```ts
 * const l1 = initDense(rng(0), 784, 128, { init: "he" }); // Dense<784, 128>
 * ```
 */
export function initDense<const I extends number, const O extends number, D extends DType = "f32">(
  gen: Rng,
  input: I,
  output: O,
  opts?: InitOptions<D>,
): Dense<I, O, NoInfer<D>> {
  return initDenseParams(gen, input, output, opts);
}

/**
 * Fresh layers for a list of sizes, drawn in order from the seeded generator.
 * @example
 * ```ts
 * const layers = initMLP(rng(0), [784, 128, 64, 10], { init: "he" }); // [Dense<784, 128>, Dense<128, 64>, Dense<64, 10>]
 * ```
 */
export function initMLP<const S extends readonly number[], D extends DType = "f32">(
  gen: Rng,
  sizes: S,
  opts?: InitOptions<D>,
): LayersOf<S, NoInfer<D>> {
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new RangeError("initMLP: sizes must list at least an input and an output size");
  const layers: Dense<number, number, D>[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) layers.push(initDense(gen, sizes[l]!, sizes[l + 1]!, opts));
  return layers as LayersOf<S, D>;
}

/** What MLP.backward needs: each layer's affine cache and each hidden activation's cache. */
export interface MLPCache<B extends number, L extends readonly AnyDense[]> {
  readonly layers: L;
  readonly affine: readonly AffineCache<B, number, number, DTypeOf<L>>[];
  readonly hidden: readonly ActivationCache<B, number, DTypeOf<L>>[];
}

/** A network over a chained list of layers and its hidden activation; see `mlp`. Parameters are
 * updated in place. */
export class MLP<L extends readonly AnyDense[]> {
  constructor(
    readonly layers: L,
    readonly activation: Activation,
  ) {}

  /**
   * Logits for a batch, layer by layer, and the caches for backward.
   * @example
   * ```ts
   * const net = mlp(initMLP(rng(0), [784, 128, 10]));
   * const { out: logits, cache } = net.forward(zeros(100, 784)); // Matrix<100, 10>
   * ```
   */
  forward<B extends number>(
    X: Matrix<B, InputOf<L>, DTypeOf<L>>,
  ): { out: Matrix<B, OutputOf<L>, DTypeOf<L>>; cache: MLPCache<B, L> } {
    type M = Matrix<number, number, DType>;
    const affine: AffineCache<number, number, number, DType>[] = [];
    const hidden: ActivationCache<number, number, DType>[] = [];
    let x = X as M;
    for (let l = 0; l < this.layers.length; l++) {
      const { W, b } = this.layers[l]!;
      const a = affineForward(x, W, b);
      affine.push(a.cache);
      x = a.out;
      if (l < this.layers.length - 1) {
        // In place over the affine output, which no cache holds (each caches its input X).
        const h = activationForward(this.activation, x, x);
        hidden.push(h.cache);
        x = h.out;
      }
    }
    return {
      out: x as Matrix<B, OutputOf<L>, DTypeOf<L>>,
      cache: { layers: this.layers, affine, hidden } as unknown as MLPCache<B, L>,
    };
  }

  /**
   * Gradients of every layer from dOut = ∂loss/∂logits, and dX unless `skipDX`.
   * @example
   * ```ts
   * const net = mlp(initMLP(rng(0), [784, 128, 10]));
   * const { out: logits, cache } = net.forward(zeros(100, 784));
   * const { grads } = net.backward(softmax(logits), cache, { skipDX: true }); // grads[0].W: Matrix<784, 128>
   * ```
   */
  backward<B extends number>(
    dOut: Matrix<B, OutputOf<L>, DTypeOf<L>>,
    cache: MLPCache<NoInfer<B>, L>,
    opts: { skipDX?: boolean } = {},
  ): { dX: Matrix<B, InputOf<L>, DTypeOf<L>> | undefined; grads: Gradients<L> } {
    if (cache?.layers !== this.layers)
      throw new TypeError("MLP.backward: the cache comes from another network's forward");
    type M = Matrix<number, number, DType>;
    const grads: { W: M; b: Vector<number, DType> }[] = new Array(this.layers.length);
    let d = dOut as M;
    let dX: M | undefined;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const skip = l === 0 && opts.skipDX === true;
      const g = affineBackward(d, cache.affine[l]!, { skipDX: skip });
      grads[l] = { W: g.dW, b: g.db };
      if (l > 0) d = activationBackward(g.dX!, cache.hidden[l - 1]!, g.dX!);
      else dX = g.dX;
    }
    return { dX: dX as Matrix<B, InputOf<L>, DTypeOf<L>> | undefined, grads: grads as unknown as Gradients<L> };
  }

  /** Forward, fused softmax-cross-entropy and backward (no dX) in one call, layer by layer. */
  lossAndGradients<B extends number>(
    X: Matrix<B, InputOf<L>, DTypeOf<L>>,
    target: Target<NoInfer<B>, OutputOf<L>, DTypeOf<L>>,
  ): { loss: number; probs: Matrix<B, OutputOf<L>, DTypeOf<L>>; grads: Gradients<L> } {
    const { out, cache } = this.forward(X);
    const sce = softmaxCrossEntropy(out, target);
    const { grads } = this.backward(softmaxCrossEntropyBackward(sce.cache), cache, { skipDX: true });
    return { loss: sce.loss, probs: sce.probs, grads };
  }

  /** One allocating update step on the layer-by-layer path (sgd lr 0.1 unless an optimizer is given). */
  trainStep<B extends number>(
    X: Matrix<B, InputOf<L>, DTypeOf<L>>,
    target: Target<NoInfer<B>, OutputOf<L>, DTypeOf<L>>,
    optimizer: Optimizer = sgd({ lr: 0.1 }),
  ): number {
    const { loss, grads } = this.lossAndGradients(X, target);
    optimizer.step(this.layers as never, grads as never);
    return loss;
  }

  /**
   * A preallocated, allocation-free trainer for batches of `batch` rows (as createTrainer).
   * @example
   * ```ts
   * const net = mlp(initMLP(rng(0), [784, 128, 10], { init: "he" }), { activation: "relu" });
   * const t = net.trainer(64, { optimizer: adam({ lr: 1e-3 }) });
   * const X = zeros(1000, 784), y = asLabels(new Uint8Array(1000), 1000);
   * const loss = t.stepRows(X, y, rng(1).fillInts(new Int32Array(64), 1000));
   * ```
   */
  trainer<const B extends number>(
    batch: B,
    opts: { optimizer?: Optimizer } = {},
  ): Trainer<L, InputOf<L>, DTypeOf<L>, B> {
    return stackTrainer(
      "MLP.trainer",
      this.layers,
      (place) => {
        const grads = zerosPlaced(this.layers as never, place) as unknown as Gradients<L>;
        return { grads, gradLayers: grads as unknown as readonly AnyDense[] };
      },
      this.layers,
      batch,
      this.activation,
      { optimizer: opts.optimizer },
    );
  }

  /** Class probabilities for every row, 1000 rows at a time. */
  predict<R extends number>(X: Matrix<R, InputOf<L>, DTypeOf<L>>): Matrix<R, OutputOf<L>, DTypeOf<L>> {
    if (!isMatrix(X)) throw new TypeError("MLP.predict: X must be a Matrix");
    const last = this.layers[this.layers.length - 1]!;
    const out = new Matrix<number, number, DType>(
      allocate(last.W.dtype, X.rows * last.W.cols) as never,
      X.rows,
      last.W.cols,
    );
    stackPredict("MLP.predict", this.layers, X, this.activation, out);
    return out as Matrix<R, OutputOf<L>, DTypeOf<L>>;
  }

  /**
   * The fraction of rows whose most probable class is their label, 1000 rows at a time (a row
   * whose outputs hold a NaN predicts no class and is never counted correct).
   * @example
   * ```ts
   * const net = mlp(initMLP(rng(0), [784, 128, 10]));
   * const acc = net.accuracy(zeros(100, 784), asLabels(new Uint8Array(100), 100));
   * ```
   */
  accuracy<R extends number>(X: Matrix<R, InputOf<L>, DTypeOf<L>>, labels: Labels<NoInfer<R>>): number {
    return stackAccuracy("MLP.accuracy", this.layers, X, labels, this.activation);
  }
}

/**
 * A network over `layers`, whose sizes must chain (checked at compile time, and at run time for
 * dynamic sizes). Hidden layers use `activation`, default "sigmoid" like every network here (the
 * seed's choice; pass "relu" with He init for deeper stacks); the top is softmax.
 * @example
 * ```ts
 * const net = mlp(initMLP(rng(0), [784, 128, 64, 10], { init: "he" }), { activation: "relu" });
 * const g = rng(1);
 * // @ts-expect-error Dense<32, 10> does not chain after Dense<784, 128>
 * mlp([initDense(g, 784, 128), initDense(g, 32, 10)]);
 * ```
 */
export function mlp<const L extends readonly AnyDense[]>(layers: L & Chained<L>, opts?: ModelOptions): MLP<L> {
  if (!Array.isArray(layers)) throw new TypeError("mlp: layers must be an array of { W, b }");
  layerSizes("mlp", layers);
  return new MLP(layers as L, resolveModelOptions("mlp", opts).activation);
}
