// A trainer: one network, one batch size, every workspace allocated at creation, so that a step
// (gather, forward, fused softmax-cross-entropy, backward, optimizer update) allocates nothing.
// The two-layer network and the MLP both build theirs here on the DenseStack engine.
import type { DType, Placement } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import { csrOf, isSparseRows, type SparseRows } from "../ops/sparse-rows.js";
import type { Activation } from "./activation.js";
import type { Labels } from "./labels.js";
import { DenseStack, layerSizes, type DenseRef } from "./dense-stack.js";
import { evalOnThreads } from "./eval-threads.js";
import { GatherAhead } from "./gather-ahead.js";
import { sgd, type Optimizer } from "./optim.js";
import { threadCount } from "../kernels/threads/provider.js";
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
   * X may be compressed (`sparseRows(X)`): the batch is then copied from its nonzeros, the
   * same bits as from X, without reading X's zeros.
   */
  stepRows<N extends number>(
    X: Matrix<N, I, D> | SparseRows<N, I, D>,
    labels: Labels<NoInfer<N>>,
    indices: ArrayLike<number>,
  ): number;
  /**
   * Announces the next stepRows's batch, so a helper thread gathers it (and lists its nonzeros)
   * while this step computes: that step then copies the batch from cache instead of waiting for
   * main memory. A hint only: a stepRows takes the prefetched batch when its X is the same object
   * and its indices are equal (the batch that step would gather itself, the same bits), and
   * gathers as usual otherwise, or when the helper is not done (it never waits for it). Labels
   * are always read at the step. Checks its arguments as stepRows does.
   *
   * From compressed rows (`sparseRows(X)`) the helper reads them where they are (they live in
   * shared memory): nothing to copy. From a Matrix it works from its own copy of X's data (as
   * large as X), made for the first prefetch of that array (a new array: a new copy): the helper
   * prepares the memory in the background, meanwhile steps gather as usual, then a prefetch
   * copies X over (MNIST's 188 MB: 13-25 ms of the caller's time here). The copy is a snapshot:
   * after writing X's values in place, call `prefetchReset()` (or the prefetched batches would
   * hold the old values). The helper is the first of the evaluation helpers: it runs
   * evaluation sets' passes (`evalSet`) between the batches it gathers. A no-op without a helper
   * thread: the thread setting at 1 (`TYPED_TENSOR_THREADS=1`), or no thread provider (a
   * browser).
   *
   * @example
   * ```ts
   * const X = zeros(1000, 784);
   * const labels = asLabels(new Int32Array(1000), 1000);
   * const trainer = createTrainer(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), 100);
   * const order = Int32Array.from({ length: 1000 }, (_, i) => i);
   * const batch = (t: number) => order.subarray((t % 10) * 100, (t % 10) * 100 + 100);
   * for (let t = 0; t < 20; t++) {
   *   trainer.prefetch(X, labels, batch(t + 1)); // the next step's rows, gathered meanwhile
   *   trainer.stepRows(X, labels, batch(t));
   * }
   * ```
   */
  prefetch<N extends number>(
    X: Matrix<N, I, D> | SparseRows<N, I, D>,
    labels: Labels<NoInfer<N>>,
    indices: ArrayLike<number>,
  ): void;
  /** Forgets the prefetched batches and the helper's copy of X (see prefetch): call it after
   * writing X's values in place. */
  prefetchReset(): void;
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

  // Made on the first prefetch that can use a helper thread.
  let ahead: GatherAhead | null = null;
  const checkRows = (
    what: string,
    X: Matrix<number, number, DType> | SparseRows<number, number, DType>,
    labels: ArrayLike<unknown>,
    indices: ArrayLike<number>,
  ) => {
    if (isSparseRows(X)) checkShape(op, X, I, dtype);
    else checkInput(op, X, I, dtype);
    if (labels?.length !== X.rows) {
      throw new ShapeError(
        op,
        `${what}: ${labels?.length} labels for X's ${X.rows} rows: pass the labels of all of X's rows`,
      );
    }
    if (indices?.length !== batch)
      throw new ShapeError(op, `${what}: ${indices?.length} indices but the batch size is ${batch}`);
  };

  return {
    stepRows(X, labels, indices) {
      checkRows("stepRows", X, labels, indices);
      stack.bind(layers);
      stack.gatherLabels(X.rows, labels, indices);
      const from = isSparseRows(X) ? csrOf(X) : X.data;
      const slot = ahead ? ahead.take(from, indices) : -1;
      if (slot >= 0) {
        stack.gatherReady(from, X.rows, indices, ahead!, slot);
        ahead!.release(slot);
      } else if (isSparseRows(X)) stack.gatherSparse(csrOf(X), indices);
      else stack.gatherRows(X.data, X.rows, indices);
      return finish(stack.xb);
    },
    prefetch(X, labels, indices) {
      checkRows("prefetch", X, labels, indices);
      for (let r = 0; r < batch; r++) {
        const i = indices[r]!;
        if (!(Number.isInteger(i) && i >= 0 && i < X.rows))
          throw new RangeError(`${op}: prefetch: index ${i} at position ${r} is out of range for X's ${X.rows} rows`);
      }
      if (!ahead) {
        if (threadCount() < 2) return;
        ahead = new GatherAhead(batch, I, sizes[1]!, dtype, stack.usesLists);
      }
      ahead.ask(isSparseRows(X) ? csrOf(X) : X.data, X.rows, indices);
    },
    prefetchReset() {
      ahead?.reset();
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
  checkShape(op, X, I, dtype);
}

/** X's width and dtype against the network's (a Matrix, or compressed rows). */
export function checkShape(
  op: string,
  X: Matrix<number, number, DType> | SparseRows<number, number, DType>,
  I: number,
  dtype: DType,
): void {
  if (X.cols !== I) throw new ShapeError(op, `X is ${fmtShape(X)} but the network takes ${I} features per row`);
  if (X.dtype !== dtype)
    throw new ShapeError(op, `X is ${X.dtype} but the parameters are ${dtype}; convert one with astype()`);
}
