// A trainer: one network, one batch size, every workspace allocated at creation, so that a step
// (gather, forward, fused softmax-cross-entropy, backward, optimizer update) allocates nothing.
// The two-layer network and the MLP both build theirs here on the DenseStack engine.
import type { DType, Placement } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import type { Activation } from "./activation.js";
import type { Labels } from "./labels.js";
import { DenseStack, layerSizes, type DenseRef } from "./dense-stack.js";
import { evalOnThreads } from "./eval-threads.js";
import { sgd, type Optimizer } from "./optim.js";
import type { Gradients } from "./params.js";

/** Options of a trainer (the activation is the network's own). */
export interface TrainerOptions {
  /** The update rule (default sgd({ lr: 0.1 }), the seed's). */
  readonly optimizer?: Optimizer;
}

/** A preallocated training loop for batches of `B` rows of `I` features; see createTrainer. */
export interface Trainer<P, I extends number, D extends DType, B extends number> {
  /**
   * One forward + backward + update on rows `indices` of X (B of them, repeats allowed), with the
   * gather fused in: nothing is allocated. `labels` are the labels of all of X's rows, typed by
   * X's rows (`labels[i]` belongs to row i), gathered through the same indices. Returns the loss.
   */
  stepRows<N extends number>(X: Matrix<N, I, D>, labels: Labels<NoInfer<N>>, indices: ArrayLike<number>): number;
  /** The same on a ready batch: `labels[r]` is the class of row r. Returns the loss. */
  step(X: Matrix<B, I, D>, labels: Labels<NoInfer<B>>): number;
  /** The last step's gradients (before its update), with exactly the parameters' shapes. */
  readonly grads: Gradients<P>;
  /** The parameters being trained, updated in place. */
  readonly params: P;
  readonly batch: B;
  readonly activation: Activation;
  readonly optimizer: Optimizer;
}

/**
 * Builds a trainer over a stack of layers: `layers` reads the current tensors of `params`
 * (getters, so a replaced tensor is seen and checked); `makeGrads(place)` makes the gradients,
 * zeroed, with their storage from `place` (in the kernels' wasm memory where it can: then the
 * first layer's dW is written there in place and the update reads it there, two copies of W₁'s
 * size a step fewer), and `gradLayers` reads them as `layers` reads the parameters.
 */
export function stackTrainer<P extends object, I extends number, D extends DType, const B extends number>(
  op: string,
  params: P,
  makeGrads: (place: Placement) => { grads: Gradients<P>; gradLayers: readonly DenseRef[] },
  layers: readonly DenseRef[],
  batch: B,
  activation: Activation,
  opts: TrainerOptions = {},
): Trainer<P, I, D, B> {
  if (!(Number.isInteger(batch) && batch > 0))
    throw new RangeError(`${op}: batch must be a positive integer, got ${batch}`);
  const optimizer = opts.optimizer ?? sgd({ lr: 0.1 });
  if (typeof optimizer?.step !== "function")
    throw new TypeError(`${op}: optimizer must have a step(params, grads) method`);
  const { sizes, dtype } = layerSizes(op, layers);
  // Room for the gradients too: once the stack's workspaces exist the wasm memory cannot grow.
  let paramElems = 0;
  for (let l = 0; l + 1 < sizes.length; l++) paramElems += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  const E = dtype === "f64" ? 8 : 4;
  const stack = new DenseStack(op, sizes, batch, dtype, activation, true, paramElems * E + 256 * sizes.length);
  const { grads, gradLayers } = makeGrads(stack.placeResident);
  // State now (momentum's velocity, Adam's moments), so that no step allocates.
  optimizer.prepare?.(params as never);
  const I = sizes[0]!;

  const finish = (input: Matrix<number, number, DType>["data"]): number => {
    const loss = stack.lossAndGradients(input, batch, gradLayers);
    optimizer.step(params as never, grads as never);
    return loss;
  };

  return {
    stepRows(X, labels, indices) {
      checkInput(op, X, I, dtype);
      if (labels?.length !== X.rows) {
        throw new ShapeError(
          op,
          `stepRows: ${labels?.length} labels for X's ${X.rows} rows: pass the labels of all of X's rows`,
        );
      }
      if (indices?.length !== batch)
        throw new ShapeError(op, `stepRows: ${indices?.length} indices but the batch size is ${batch}`);
      stack.bind(layers);
      stack.gather(X.data, X.rows, labels, indices);
      return finish(stack.xb);
    },
    step(X, labels) {
      checkInput(op, X, I, dtype);
      if (X.rows !== batch) throw new ShapeError(op, `step: X is ${fmtShape(X)} but the batch size is ${batch}`);
      if (labels?.length !== batch) throw new ShapeError(op, `step: ${labels?.length} labels for a batch of ${batch}`);
      stack.bind(layers);
      stack.setLabels(labels);
      return finish(X.data);
    },
    grads,
    params,
    batch,
    activation,
    optimizer,
  };
}

/** Rows per chunk in predict and accuracy: bounded memory (a chunk × width buffer per layer). */
export const CHUNK_ROWS = 1000;

/** Softmax probabilities of every row of X, computed CHUNK_ROWS rows at a time (on every thread
 * the thread setting allows: the same bits, see eval-threads.ts). */
export function stackPredict(
  op: string,
  layers: readonly DenseRef[],
  X: Matrix<number, number, DType>,
  activation: Activation,
  out: Matrix<number, number, DType>,
): void {
  const { sizes, dtype } = layerSizes(op, layers);
  checkInput(op, X, sizes[0]!, dtype);
  const n = X.rows,
    I = sizes[0]!,
    O = sizes[sizes.length - 1]!;
  if (n === 0) return;
  const stack = new DenseStack(op, sizes, Math.min(n, CHUNK_ROWS), dtype, activation, false);
  try {
    stack.bind(layers);
    // One view per chunk (not per row): the kernels take arrays from index 0.
    const chunk = (r0: number, rows: number): number => {
      stack.probabilities(out.data.subarray(r0 * O, (r0 + rows) * O), X.data.subarray(r0 * I, (r0 + rows) * I), rows);
      return 0;
    };
    const spec = {
      kind: "predict",
      op,
      layers,
      sizes,
      dtype,
      activation,
      X: X.data,
      n,
      labels: null,
      out: out.data,
      chunkRows: CHUNK_ROWS,
    } as const;
    if (evalOnThreads(spec, chunk) !== null) return;
    for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) chunk(r0, Math.min(CHUNK_ROWS, n - r0));
  } finally {
    stack.release();
  }
}

/** The fraction of rows whose most probable class is their label, CHUNK_ROWS rows at a time. A row
 * whose logits hold a NaN predicts no class (argmax -1), so it is never counted correct. */
export function stackAccuracy(
  op: string,
  layers: readonly DenseRef[],
  X: Matrix<number, number, DType>,
  labels: ArrayLike<number>,
  activation: Activation,
): number {
  const { sizes, dtype } = layerSizes(op, layers);
  checkInput(op, X, sizes[0]!, dtype);
  const n = X.rows,
    I = sizes[0]!;
  if (labels?.length !== n) throw new ShapeError(op, `${labels?.length} labels for X's ${n} rows: they must match`);
  if (n === 0) throw new ShapeError(op, "X has no rows: accuracy over 0 rows is undefined");
  const chunk = Math.min(n, CHUNK_ROWS);
  const stack = new DenseStack(op, sizes, chunk, dtype, activation, false);
  const pred = new Int32Array(chunk);
  let correct = 0;
  try {
    stack.bind(layers);
    const chunk = (r0: number, rows: number): number =>
      stack.countCorrect(X.data.subarray(r0 * I, (r0 + rows) * I), rows, labels, r0, pred);
    const spec = {
      kind: "accuracy",
      op,
      layers,
      sizes,
      dtype,
      activation,
      X: X.data,
      n,
      labels,
      out: null,
      chunkRows: CHUNK_ROWS,
    } as const;
    const shared = evalOnThreads(spec, chunk);
    if (shared !== null) correct = shared;
    else for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) correct += chunk(r0, Math.min(CHUNK_ROWS, n - r0));
  } finally {
    stack.release();
  }
  return correct / n;
}

function checkInput(op: string, X: Matrix<number, number, DType>, I: number, dtype: DType): void {
  if (!isMatrix(X)) throw new TypeError(`${op}: X must be a Matrix`);
  if (X.cols !== I) throw new ShapeError(op, `X is ${fmtShape(X)} but the network takes ${I} features per row`);
  if (X.dtype !== dtype)
    throw new ShapeError(op, `X is ${X.dtype} but the parameters are ${dtype}; convert one with astype()`);
}
