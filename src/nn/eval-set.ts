// Evaluation sets: labeled rows copied once to every thread, for the evaluations a training run
// repeats on the same data with changing parameters.
//
// Why a set, when accuracy() already shares its chunks among threads: a helper thread cannot read
// the caller's memory, so accuracy() copies every row a helper runs into shared memory first,
// and V8 copies into and out of a SharedArrayBuffer at about half the speed of ordinary memory.
// That copying is the caller's work, so two threads scale well short of 2x. A set moves a copy of
// the rows to each helper once, as an ordinary buffer that the helper then owns (postMessage's
// transfer list: moved, never shared), so a pass only tells the helpers which parameters to use
// and every thread reads rows from its own memory.
//
// The same copies let an evaluation run in the background: accuracyLater snapshots the
// parameters and returns at once, the helpers work through the chunks while the caller goes on
// (training the next steps, say), and wait() runs whatever chunks are still unclaimed on the
// calling thread, so it never waits for a helper that has not started.
//
// The calling thread reads X itself; only the helpers hold copies (a copy costs its size in fresh
// pages, about 0.7 s for MNIST's 188 MB of training rows on this VM, where a page's first touch
// is slow). So X must not be written while the set is in use: the helpers would not see it.
// Compressed rows (sparseRows) need no copy from the caller: they live in shared memory, where
// every thread can read them (a snapshot, so nothing to keep unwritten either). Each thread
// copies them once more, when the set is made, into its kernels' wasm memory in the layout the
// list product reads (kernels/wasm/held-rows.ts), so a pass runs X·W₁ straight from them instead
// of listing each chunk first (a third of a pass, measured).
// The labels are copied for every thread (they are small). The chunks are the one-thread
// accuracy's own (CHUNK_ROWS rows from row 0), so every thread count counts the same rows correct.
import { DenseStack, layerSizes, type DenseRef } from "./dense-stack.js";
import { shareParams, sharedLayers, type PassJob } from "./eval-threads.js";
import { HELPER_WORKER_URL } from "./helper-url.js";
import type { Labels } from "./labels.js";
import { MLP, type AnyDense, type DTypeOf, type InputOf } from "./mlp.js";
import { CHUNK_ROWS } from "./trainer.js";
import { netOf, twoLayerRefs, type TwoLayer, type TwoLayerParams } from "./two-layer.js";
import type { Activation } from "./activation.js";
import type { Buf, DType } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import { isMatrix } from "../shape/guards.js";
import { csrOf, isSparseRows, type SparseRows } from "../ops/sparse-rows.js";
import type { Csr } from "../kernels/sparse-rows.js";
import { holdRows, releaseRows, type HeldRows } from "../kernels/wasm/held-rows.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { kernelFamily, setKernelFamily, type KernelFamily } from "../kernels/settings.js";
import {
  FrontEnd,
  MAX_CHUNKS,
  backDone,
  fail,
  jobOver,
  newControl,
  serveBackHeld,
} from "../kernels/threads/chunk-queue.js";
import { poolFor } from "../kernels/threads/pool.js";
import { between } from "./gather-protocol.js";
import { threadCount } from "../kernels/threads/provider.js";

/** An accuracy being computed, from the parameters as they were when it was asked for. */
export interface PendingAccuracy {
  /** True once the result is known (`wait()` then returns at once). */
  readonly ready: boolean;
  /** The accuracy. Runs the chunks no helper has claimed yet on the calling thread, then blocks
   * until the helpers' chunks are done. The same number on every call. */
  wait(): number;
}

/**
 * Rows of X with their labels, copied once to every helper thread (see `evalSet`).
 * `accuracy(net)` equals `accuracy(net, X, labels)` for the X and labels the set was made from.
 */
export interface EvalSet<R extends number, I extends number, D extends DType> {
  readonly rows: R;
  readonly cols: I;
  readonly dtype: D;
  /** Threads holding a copy of the rows, the calling one included (1: no helper). */
  readonly threads: number;
  /** The fraction of the set's rows whose most probable class is their label, on every thread
   * that holds the rows. */
  accuracy<H extends number, O extends number>(net: TwoLayer<I, H, O, D>): number;
  /** The same for an MLP whose first layer takes I inputs, in D. */
  accuracy<L extends readonly AnyDense[]>(net: MLP<L> & { readonly layers: EvalLayers<L, I, D> }): number;
  /**
   * Starts the same evaluation on the helper threads and returns at once: the parameters are
   * copied now, so training may go on while it runs. With no helper it is computed before
   * this returns.
   */
  accuracyLater<H extends number, O extends number>(net: TwoLayer<I, H, O, D>): PendingAccuracy;
  /** The same for an MLP whose first layer takes I inputs, in D. */
  accuracyLater<L extends readonly AnyDense[]>(net: MLP<L> & { readonly layers: EvalLayers<L, I, D> }): PendingAccuracy;
  /** Frees the copies of the rows: the helpers', and each thread's hold of compressed rows (also
   * done when the set is garbage collected). */
  release(): void;
}

/** L when its input width is I and its dtype D (an MLP the set can evaluate), else never. */
export type EvalLayers<L extends readonly AnyDense[], I extends number, D extends DType> = [InputOf<L>] extends [I]
  ? [DTypeOf<L>] extends [D]
    ? L
    : never
  : never;

/** What a helper is sent: a set's rows to keep, a pass over them, or the end of a set. */
export type SetMessage =
  | {
      readonly set: "load";
      readonly id: number;
      readonly x: Rows;
      readonly labels: Float64Array;
      readonly cols: number;
      /** Counts the helpers holding the set (each adds 1 and notifies). */
      readonly held: Int32Array;
    }
  | { readonly set: "drop"; readonly id: number }
  | (PassJob & { readonly set: "job"; readonly id: number });

/** A set's rows: dense (row-major, `cols` wide) or compressed (shared memory: never copied). */
type Rows = Buf | Csr;

/** How the last pass of any set was shared (tests and benchmarks read it). */
export const lastSetShare = {
  chunks: 0,
  helperChunks: 0,
  /** Products the calling thread ran from its held copy of compressed rows (held-rows.ts). */
  heldProducts: 0,
};

let nextId = 1;

// A set nobody releases frees its helpers' copies when it is collected.
const collected =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry((id: number) => {
        const mine = callerHeld.get(id);
        if (mine) releaseRows(mine);
        callerHeld.delete(id);
        poolFor(HELPER_WORKER_URL).post({ set: "drop", id } satisfies SetMessage);
      })
    : null;
/** The calling thread's held copies of compressed rows, by set id (freed with the set). */
const callerHeld = new Map<number, HeldRows>();

/**
 * Labeled rows for repeated evaluation: X's rows are copied once for each helper thread (moved to
 * it, not shared; as many helpers as the thread setting allows now), and the calling thread reads
 * X itself, so **X must not be written while the set is in use** (the helpers would go on with
 * the old rows). Compressed rows (`sparseRows(X)`, a snapshot) need no copy from the caller and
 * nothing kept unwritten: every thread reads them from shared memory, once, into its kernels'
 * wasm memory (their size again per thread), and a pass runs from that copy without listing
 * the rows again. A training run makes one set for its training
 * rows and one for its test rows, then evaluates with `set.accuracy(net)`, or with
 * `set.accuracyLater(net)` to keep training while the helpers evaluate. The labels are copied:
 * later writes to them do not reach the set. Returns once the helpers hold the rows (at most 2 s
 * is waited for a helper that does not answer).
 * @example
 * ```ts
 * const net = twoLayer(initTwoLayer(rng(0), 784, 50, 10));
 * const test = evalSet(zeros(100, 784), asLabels(new Uint8Array(100), 100));
 * const pending = test.accuracyLater(net); // the parameters as they are now
 * const acc = pending.wait(); // accuracy(net, X, labels) at the time of the call
 * test.release();
 * ```
 */
export function evalSet<R extends number, I extends number, D extends DType>(
  X: Matrix<R, I, D> | SparseRows<R, I, D>,
  labels: Labels<NoInfer<R>>,
): EvalSet<R, I, D> {
  if (!isMatrix(X) && !isSparseRows(X)) throw new TypeError("evalSet: X must be a Matrix or sparseRows(X)");
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError("evalSet: labels must be an array-like of class indices");
  }
  if (labels.length !== X.rows) {
    throw new ShapeError("evalSet", `${labels.length} labels for X's ${X.rows} rows: they must match`);
  }
  if (X.rows === 0) throw new ShapeError("evalSet", "X has no rows: accuracy over 0 rows is undefined");
  return new RowSet(X, labels) as unknown as EvalSet<R, I, D>;
}

/**
 * How long a new set waits for its helpers to hold the rows (ms). A helper thread takes a while to
 * start (about 0.35 s from the TypeScript sources here, in train-mnist's setup), and a pass asked
 * for before it holds the rows runs on the calling thread alone: waiting here puts that start in
 * the set's making, before a training loop's clock, instead of in its first evaluation (which it
 * had cost 146 ms of the calling thread's time). A helper that never answers (it failed to
 * start) costs this once; it then joins no pass.
 */
const HELPERS_WAIT_MS = 2000;

/** Blocks until `count` helpers have counted themselves in `held`, or HELPERS_WAIT_MS passed. */
function awaitHelpers(held: Int32Array, count: number): void {
  const end = performance.now() + HELPERS_WAIT_MS;
  for (let n = Atomics.load(held, 0); n < count; n = Atomics.load(held, 0)) {
    const left = end - performance.now();
    if (left <= 0) return;
    try {
      Atomics.wait(held, 0, n, left);
    } catch {
      return; // a thread that may not block (a browser's main thread): no waiting
    }
  }
}

/** The labels as float64, refusing what accuracy() would compare differently after a copy. */
function copyLabels(labels: ArrayLike<number>): Float64Array {
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    if (typeof t !== "number" && typeof t !== "bigint") {
      throw new TypeError(`evalSet: label at row ${i} is ${typeof t}, not a number`);
    }
    out[i] = Number(t);
  }
  return out;
}

class RowSet {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  readonly threads: number;
  private readonly id = nextId++;
  private readonly x: Rows;
  private readonly labels: Float64Array;
  /** Compressed rows copied into this thread's wasm memory (null: dense rows, or no room). */
  private readonly held: HeldRows | null;
  private released = false;
  /** Parameter buffers of finished jobs, for the next ones (see shareParams). */
  private readonly spareParams: SharedArrayBuffer[] = [];
  /** The caller's copy of the parameters of the job it last ran chunks of (see finish). */
  private mine: DenseRef[] | null = null;

  constructor(X: Matrix<number, number, DType> | SparseRows<number, number, DType>, labels: ArrayLike<number>) {
    this.rows = X.rows;
    this.cols = X.cols;
    this.dtype = X.dtype;
    this.labels = copyLabels(labels);
    this.x = isSparseRows(X) ? csrOf(X) : X.data;
    const chunks = Math.ceil(this.rows / CHUNK_ROWS);
    let helpers = 0;
    if (threadCount() >= 2 && chunks >= 2 && chunks <= MAX_CHUNKS) {
      const pool = poolFor(HELPER_WORKER_URL);
      helpers = pool.ensure(Math.min(threadCount() - 1, chunks - 1));
      const holding = new Int32Array(new SharedArrayBuffer(4));
      pool.postEach(() => {
        const ls = this.labels.slice();
        // Compressed rows are in shared memory: every helper reads the same ones (and holds its
        // own copy in its kernels' memory, made on receipt).
        if (!(this.x instanceof Float32Array || this.x instanceof Float64Array)) {
          const message: SetMessage = {
            set: "load",
            id: this.id,
            x: this.x,
            labels: ls,
            cols: this.cols,
            held: holding,
          };
          return { message, transfer: [ls.buffer as ArrayBuffer] };
        }
        const x = this.x.slice();
        const message: SetMessage = { set: "load", id: this.id, x, labels: ls, cols: this.cols, held: holding };
        return { message, transfer: [x.buffer as ArrayBuffer, ls.buffer as ArrayBuffer] };
      });
      // The caller's own copy is made while the helpers make theirs.
      this.held = holdIfCompressed(this.x);
      awaitHelpers(holding, helpers);
    } else this.held = holdIfCompressed(this.x);
    if (this.held) callerHeld.set(this.id, this.held);
    if (helpers > 0 || this.held) collected?.register(this, this.id, this);
    this.threads = helpers + 1;
  }

  accuracy(net: unknown): number {
    return this.accuracyLater(net).wait();
  }

  accuracyLater(net: unknown): PendingAccuracy {
    const op = "EvalSet.accuracy";
    if (this.released) throw new Error(`${op}: the set was released`);
    const { layers, activation } = refsOf(op, net);
    const { sizes, dtype } = layerSizes(op, layers);
    if (sizes[0] !== this.cols) {
      throw new ShapeError(
        op,
        `the set's rows are ${fmtShape(this)} but the network takes ${sizes[0]} features per row`,
      );
    }
    if (dtype !== this.dtype) {
      throw new ShapeError(op, `the set is ${this.dtype} but the parameters are ${dtype}; convert one with astype()`);
    }
    const chunks = Math.ceil(this.rows / CHUNK_ROWS);
    // With no helper holding the rows (or one thread by the setting now), compute it here.
    if (this.threads < 2 || threadCount() < 2 || poolFor(HELPER_WORKER_URL).alive() === 0) {
      lastSetShare.chunks = chunks;
      lastSetShare.helperChunks = 0;
      const acc = this.count(op, layers, sizes, activation, null) / this.rows;
      return { ready: true, wait: () => acc };
    }
    const ctl = newControl(0);
    const job: SetMessage = {
      set: "job",
      id: this.id,
      ctl,
      op,
      sizes,
      dtype,
      activation,
      family: kernelFamily(),
      n: this.rows,
      chunks,
      params: shareParams(layers, dtype, this.spareParams.pop()),
    };
    poolFor(HELPER_WORKER_URL).post(job);
    let result: number | undefined;
    return {
      get ready() {
        return result !== undefined || backDone(ctl) >= chunks;
      },
      wait: () => {
        if (result === undefined) result = this.finish(job, ctl) / this.rows;
        return result;
      },
    };
  }

  /** The caller's part of a job: unclaimed chunks from the front, then the helpers' sum. */
  private finish(job: SetMessage & { set: "job" }, ctl: Int32Array): number {
    const queue = new FrontEnd(ctl, job.chunks, 0, 0);
    // The caller's own copy of the job's parameters, made only if it runs a chunk (the job's
    // buffer holds them until the job is over), into the arrays of the last one.
    const layers = () => (this.mine = sharedLayers(job.params, job.sizes, job.dtype, this.mine));
    let mine = 0;
    let theirs: { sum: number; failure: string | null };
    try {
      mine = this.count(job.op, layers, job.sizes, job.activation, () => queue.claim());
    } finally {
      theirs = queue.finish();
    }
    // The job is over (every chunk claimed and counted), so its parameter buffer may carry a
    // later job's: a helper that comes to this job's message only now claims no chunk of it,
    // whatever it reads.
    if (this.spareParams.length < 2) this.spareParams.push(job.params);
    lastSetShare.chunks = job.chunks;
    lastSetShare.helperChunks = queue.helperChunks();
    if (theirs.failure === null) return mine + theirs.sum;
    // A helper failed (it never should): stop the helpers and count every row here, the oracle.
    const pool = poolFor(HELPER_WORKER_URL);
    pool.lastError = theirs.failure;
    pool.stop();
    lastSetShare.helperChunks = 0;
    return this.count(job.op, layers, job.sizes, job.activation, null);
  }

  /** Rows counted correct over the chunks `next()` hands out (every chunk in order when null). */
  private count(
    op: string,
    layers: readonly DenseRef[] | (() => readonly DenseRef[]),
    sizes: readonly number[],
    activation: Activation,
    next: (() => number) | null,
  ): number {
    const chunks = Math.ceil(this.rows / CHUNK_ROWS);
    let k = 0;
    const take = next ?? (() => (k < chunks ? k++ : -1));
    let c = take();
    lastSetShare.heldProducts = 0;
    if (c < 0) return 0;
    const stack = chunkStack(op, sizes, this.rows, this.dtype, activation, this.x);
    const pred = new Int32Array(CHUNK_ROWS);
    let correct = 0;
    try {
      stack.bind(typeof layers === "function" ? layers() : layers);
      for (; c >= 0; c = take())
        correct += countChunk(stack, this.x, this.held, this.labels, this.rows, this.cols, c, pred);
    } finally {
      lastSetShare.heldProducts = stack.heldProducts;
      stack.release();
    }
    return correct;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    collected?.unregister(this);
    if (this.held) releaseRows(this.held);
    callerHeld.delete(this.id);
    if (this.threads > 1) poolFor(HELPER_WORKER_URL).post({ set: "drop", id: this.id } satisfies SetMessage);
  }
}

/**
 * Compressed rows copied into this thread's wasm memory, so passes run from them without
 * listing each chunk (see kernels/wasm/held-rows.ts); null for dense rows or without room.
 */
function holdIfCompressed(x: Rows): HeldRows | null {
  return x instanceof Float32Array || x instanceof Float64Array ? null : holdRows(x);
}

/** A stack for a set's chunks (room for the lists of compressed rows). */
function chunkStack(
  op: string,
  sizes: readonly number[],
  n: number,
  dtype: DType,
  activation: Activation,
  x: Rows,
): DenseStack {
  const sparse = !(x instanceof Float32Array || x instanceof Float64Array);
  return new DenseStack(op, sizes, Math.min(n, CHUNK_ROWS), dtype, activation, false, 0, sparse);
}

/**
 * Pieces a helper splits a chunk into while it also serves a prefetching trainer's gathers
 * (`pause`, called before each): a 1,000-row chunk takes about 1.2 ms here, five training
 * steps, and each asked batch would wait that long. A row's result does not depend on the rows
 * beside it (each row's products run over its own entries in the same order, and 100 keeps the
 * 4-row blocks of the dense kernels), so the count is the chunk's.
 */
const PIECE_ROWS = 100;

/** Rows counted correct in chunk c (CHUNK_ROWS rows from c·CHUNK_ROWS), in pieces with `pause`
 * before each when given (before the first too: the last chunk's last piece came just before). */
function countChunk(
  stack: DenseStack,
  x: Rows,
  held: HeldRows | null,
  labels: Float64Array,
  n: number,
  cols: number,
  c: number,
  pred: Int32Array,
  pause: (() => void) | null = null,
): number {
  const r0 = c * CHUNK_ROWS,
    rows = Math.min(CHUNK_ROWS, n - r0),
    step = pause ? PIECE_ROWS : rows;
  let correct = 0;
  for (let p = r0; p < r0 + rows; p += step) {
    pause?.();
    const k = Math.min(step, r0 + rows - p);
    if (x instanceof Float32Array || x instanceof Float64Array) {
      correct += stack.countCorrect(x.subarray(p * cols, (p + k) * cols), k, labels, p, pred);
    } else {
      if (held) stack.inputHeld(held, x, p, k);
      else stack.inputRows(x, p, k);
      correct += stack.countCorrect(stack.xb, k, labels, p, pred);
    }
  }
  return correct;
}

/** The layers and activation of a two-layer network or an MLP. */
function refsOf(op: string, net: unknown): { layers: readonly DenseRef[]; activation: Activation } {
  if (net instanceof MLP) return { layers: net.layers as readonly DenseRef[], activation: net.activation };
  const { params, activation } = netOf(op, net as TwoLayer<number, number, number, DType>);
  return { layers: twoLayerRefs(params as TwoLayerParams<number, number, number, DType>), activation };
}

/** The rows each helper holds, by set id. */
const held = new Map<
  number,
  { x: Rows; held: HeldRows | null; labels: Float64Array; cols: number; layers: DenseRef[] | null }
>();

/** A helper's side of the set messages: keep rows, drop them, or run a pass's chunks from the back. */
export function serveSetMessage(m: SetMessage): void {
  if (m.set === "load") {
    held.set(m.id, { x: m.x, held: holdIfCompressed(m.x), labels: m.labels, cols: m.cols, layers: null });
    Atomics.add(m.held, 0, 1);
    Atomics.notify(m.held, 0);
    return;
  }
  if (m.set === "drop") {
    const h = held.get(m.id)?.held;
    if (h) releaseRows(h);
    held.delete(m.id);
    return;
  }
  const rows = held.get(m.id);
  // A helper started after the set was made holds no copy: it leaves the pass to the others.
  if (!rows || jobOver(m.ctl, m.chunks)) return;
  const prevFamily = setKernelFamily(m.family);
  let stack: DenseStack | null = null;
  try {
    stack = chunkStack(m.op, m.sizes, m.n, m.dtype, m.activation, rows.x);
    // Into the arrays of this set's last job (jobs run one at a time here).
    stack.bind((rows.layers = sharedLayers(m.params, m.sizes, m.dtype, rows.layers)));
    const s = stack;
    const pred = new Int32Array(CHUNK_ROWS);
    serveBackHeld(m.ctl, m.chunks, (c) =>
      countChunk(s, rows.x, rows.held, rows.labels, m.n, rows.cols, c, pred, between.serve),
    );
  } catch (e) {
    fail(m.ctl, e);
  } finally {
    stack?.release();
    setKernelFamily(prevFamily);
  }
}
