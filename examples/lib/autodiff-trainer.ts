// The seed's two-layer network trained through the autodiff tape: the loss is written once, as
// ordinary typed-tensor code on the traced ops (`ad`), and valueAndGrad derives the backward
// pass. It has the step interface of the fused Trainer (src/nn/trainer.ts), so train-mnist can
// run either one; the fused trainer's hand-written backward is the oracle its tests compare with.
import {
  allocResident,
  allocRowLists,
  listNonzeros,
  reserveResident,
  useLists,
} from "../../src/kernels/wasm/gemm-wasm.js";
import { kernelFamily } from "../../src/kernels/settings.js";
import { threadCount } from "../../src/kernels/threads/provider.js";
import { GatherAhead, LISTS_MAX_DENSITY } from "../../src/nn/gather-ahead.js";
import { KIND_DENSE } from "../../src/nn/gather-protocol.js";

/** A step's batch that no prefetch asked for (no slot kind). */
const NOT_ASKED = -100;
import { countRows, expandLists, expandRows, listRows } from "../../src/kernels/sparse-rows.js";
import { csrOf, isSparseRows, type SparseRows } from "../../src/ops/sparse-rows.js";
import { allocate, type Placement } from "../../src/shape/dtype.js";
import { valueAndGradPlaced } from "../../src/autograd/value-and-grad.js";
import {
  ad,
  asLabels,
  Matrix,
  sgd,
  zerosLike,
  ShapeError,
  type Activation,
  type DType,
  type Labels,
  type Trainer,
  type TrainerOptions,
  type TwoLayer,
  type TwoLayerParams,
} from "../../src/index.js";

const ACTIVATIONS = { sigmoid: ad.sigmoid, relu: ad.relu, tanh: ad.tanh } as const;

/**
 * The seed network's mean softmax-cross-entropy on a batch, written on the traced ops: what
 * valueAndGrad differentiates. `act` is the hidden layer's activation.
 */
export function twoLayerLoss<I extends number, H extends number, O extends number, D extends DType, B extends number>(
  act: Activation,
): (p: TwoLayerParams<I, H, O, D>, X: Matrix<B, I, D>, y: Labels<B>) => number {
  const f = ACTIVATIONS[act];
  if (f === undefined)
    throw new TypeError(`twoLayerLoss: activation must be sigmoid, relu or tanh, got ${String(act)}`);
  return (p, X, y) => {
    const hidden = f(ad.add(ad.dot(X, p.W1), p.b1));
    const logits = ad.add(ad.dot(hidden, p.W2), p.b2);
    return ad.softmaxCrossEntropy(logits, y).loss;
  };
}

/**
 * Where the gathered batch and the gradients live: in the wasm kernels' memory where they run (as
 * the fused trainer keeps them), so X·W1 and Xᵀ·dY read the batch in place instead of copying
 * 100 × 784 floats in twice a step, Xᵀ·dY writes dW1 in place and the update reads it there;
 * ordinary arrays otherwise (same results). `bytes` is the room both need.
 */
function residentPlace(bytes: number): Placement | undefined {
  if (kernelFamily() === "js") return undefined;
  // reserve grows the memory unless residents (another trainer's) pin it; there may be room anyway.
  reserveResident(bytes);
  return (dtype, n) => allocResident(dtype, n);
}

/**
 * A view of each row of X, made once per X: the gather then copies whole rows with
 * TypedArray.set (a memcpy) and makes nothing per step. takeRows' element loop cost a third of a
 * tape step here; the fused trainer gathers the same way.
 */
const rowViews = new WeakMap<object, { cols: number; views: (Float32Array | Float64Array)[] }>();

/** Checks the batch and copies its labels into yb, and its rows into xb unless `rows` is false
 * (a prefetched batch: the helper gathered them). Compressed rows are expanded: the tape's
 * products read the batch dense. */
function gather<D extends DType>(
  X: Matrix<number, number, D> | SparseRows<number, number, D>,
  labels: ArrayLike<number>,
  indices: ArrayLike<number>,
  xb: Matrix<number, number, D>,
  yb: Int32Array,
  rows = true,
): void {
  let hit: { cols: number; views: (Float32Array | Float64Array)[] } | undefined;
  if (!isSparseRows(X)) {
    hit = rowViews.get(X.data);
    if (hit === undefined || hit.cols !== X.cols || hit.views.length !== X.rows) {
      const data = X.data;
      hit = {
        cols: X.cols,
        views: Array.from({ length: X.rows }, (_, i) => data.subarray(i * X.cols, (i + 1) * X.cols)),
      };
      rowViews.set(X.data, hit);
    }
  }
  if (X.cols !== xb.cols || X.dtype !== xb.dtype) {
    throw new ShapeError(
      "stepRows",
      `X is [${X.rows}, ${X.cols}] ${X.dtype} but the network takes ${xb.cols} ${xb.dtype} features`,
    );
  }
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < X.rows))
      throw new RangeError(`stepRows: index ${i} at position ${r} is out of range for X's ${X.rows} rows`);
    if (rows && hit) xb.data.set(hit.views[i]!, r * X.cols);
    yb[r] = labels[i]!;
  }
  if (rows && !hit) expandRows(xb.data, csrOf(X as SparseRows<number, number, D>), indices, 0, indices.length);
}

/**
 * A trainer for the two-layer network whose gradients come from the tape instead of the
 * hand-written backward, for the same network object as createTrainer (its activation comes
 * with it). Its buffers (the gathered batch, the tape's workspaces) are reused from step to
 * step. Updates `net.params` in place.
 */
export function createAutodiffTrainer<
  I extends number,
  H extends number,
  O extends number,
  D extends DType,
  const B extends number,
>(net: TwoLayer<I, H, O, D>, batch: B, opts: TrainerOptions = {}): Trainer<TwoLayerParams<I, H, O, D>, I, D, B> {
  if (!(Number.isInteger(batch) && batch > 0))
    throw new RangeError(`createAutodiffTrainer: batch must be a positive integer, got ${batch}`);
  const { params, activation } = net;
  const optimizer = opts.optimizer ?? sgd({ lr: 0.1 });
  const I = params.W1.rows,
    H = params.W1.cols,
    O = params.W2.cols;
  const bytesPer = params.W1.dtype === "f64" ? 8 : 4;
  // The batch, the gradients, and the tape's outputs, gradients and scratch (a few batch × (H + O)
  // tensors; one that does not fit falls back to an ordinary array).
  // And the batch's nonzero lists (values and int32 offsets, beside it).
  const place = residentPlace(
    (batch * I + I * H + H + H * O + O + 8 * batch * (H + O)) * bytesPer + batch * I * (bytesPer + 4) + 4 * batch + 64,
  );
  const lossAndGrads = valueAndGradPlaced(twoLayerLoss<I, H, O, D, B>(activation), place);
  optimizer.prepare?.(params);
  const xb = new Matrix(allocate(params.W1.dtype, batch * I, place), batch, I) as Matrix<B, I, D>;
  // The batch listed once a step, as the fused trainer lists it: the tape's X·W1 and Xᵀ·dZ
  // then both run from these lists (useLists) instead of each listing the batch again.
  const lists = place ? allocRowLists(params.W1.dtype, batch, I, H) : null;
  const maxNnz = LISTS_MAX_DENSITY * batch * I;
  const fillXb = () => {
    if (lists) expandLists(xb.data, lists.ptr, lists.idx, lists.val, lists.stride, batch, I);
  };
  const yb = asLabels(new Int32Array(batch), batch);
  let grads = zerosLike(params);
  let ahead: GatherAhead | null = null;

  const step = (X: Matrix<B, I, D>, labels: Labels<B>): number => {
    const { value, grads: g } = lossAndGrads(params, X, labels);
    optimizer.step(params, g);
    grads = g;
    return value;
  };
  return {
    stepRows(X, labels, indices) {
      if (labels?.length !== X.rows)
        throw new ShapeError("stepRows", `${labels?.length} labels for X's ${X.rows} rows`);
      if (indices?.length !== batch)
        throw new ShapeError("stepRows", `${indices?.length} indices but the batch size is ${batch}`);
      // The batch as lists where they pay (from the helper, or copied from compressed rows: then
      // xb is written only if a product needs it, fillXb), else as rows (the helper's, or
      // gathered); the labels and every check are the gather's either way.
      const from = isSparseRows(X) ? csrOf(X) : X.data;
      const slot = ahead ? ahead.take(from, indices) : -1;
      const kind = slot >= 0 ? ahead!.kind(slot) : NOT_ASKED;
      gather(X, labels, indices, xb, yb as unknown as Int32Array, false); // checks, labels
      let nnz = -1;
      if (lists && kind >= 0) {
        ahead!.copyLists(slot, lists, kind);
        nnz = kind;
      } else if (lists && slot < 0 && !(from instanceof Float32Array || from instanceof Float64Array)) {
        const c = countRows(from, indices, 0, batch);
        if (c <= maxNnz) nnz = listRows(lists.ptr, lists.idx, lists.val, lists.stride, from, indices, 0, batch);
      }
      const stale = nnz >= 0; // xb does not hold this batch
      if (!stale && slot < 0) gather(X, labels, indices, xb, yb as unknown as Int32Array);
      if (slot >= 0) {
        if (!stale) ahead!.copyRows(slot, xb.data);
        ahead!.release(slot);
      }
      // Rows not listed yet: listed here (the helper's KIND_DENSE ones it found too dense).
      if (nnz < 0 && lists && kind !== KIND_DENSE) nnz = listNonzeros(lists, xb.data, batch);
      const listed = nnz >= 0 && nnz <= maxNnz;
      // Rows listed from elsewhere left xb stale: written only if a product needs it.
      useLists(listed ? xb.data : null, lists, batch, stale ? fillXb : null);
      try {
        return step(xb, yb);
      } finally {
        useLists(null);
      }
    },
    step(X, labels) {
      if (labels?.length !== batch) throw new ShapeError("step", `${labels?.length} labels for a batch of ${batch}`);
      return step(X, labels as Labels<B>);
    },
    // As the fused trainer's (src/nn/trainer.ts): a helper gathers the announced rows meanwhile.
    prefetch(X, labels, indices) {
      if (labels?.length !== X.rows)
        throw new ShapeError("prefetch", `${labels?.length} labels for X's ${X.rows} rows`);
      if (indices?.length !== batch)
        throw new ShapeError("prefetch", `${indices?.length} indices but the batch size is ${batch}`);
      for (let r = 0; r < batch; r++) {
        const i = indices[r]!;
        if (!(Number.isInteger(i) && i >= 0 && i < X.rows))
          throw new RangeError(`prefetch: index ${i} at position ${r} is out of range for X's ${X.rows} rows`);
      }
      if (!ahead) {
        if (threadCount() < 2) return;
        ahead = new GatherAhead(batch, I, H, params.W1.dtype, lists !== null);
      }
      ahead.ask(isSparseRows(X) ? csrOf(X) : X.data, X.rows, indices);
    },
    prefetchReset() {
      ahead?.reset();
    },
    get grads() {
      return grads;
    },
    params,
    batch,
    activation,
    optimizer,
  };
}
