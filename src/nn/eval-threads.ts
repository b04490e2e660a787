// predict and accuracy on every thread the setting allows (src/kernels/settings.ts). Rows are
// independent, so the pass splits into the single-threaded path's own chunks (CHUNK_ROWS rows
// from row 0): every chunk, whichever thread runs it, is the same call on the same values as in
// the one-thread loop, so the results are the same bits (test/kernels/threads.test.ts). The
// calling thread runs chunks from the front straight from X; helpers run chunks from the back,
// which the caller copies into shared slots for them (src/kernels/threads/chunk-queue.ts), then
// it blocks until they are done: the API stays synchronous. With one thread, too few chunks,
// no provider, or a helper failure, the caller runs the one-thread loop (the oracle) itself.
import type { Activation } from "./activation.js";
import { DenseStack, type DenseRef } from "./dense-stack.js";
import type { Buf, DType } from "../shape/dtype.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { kernelFamily, setKernelFamily, type KernelFamily } from "../kernels/settings.js";
import { FrontEnd, MAX_CHUNKS, fail, jobOver, newControl, serveBack } from "../kernels/threads/chunk-queue.js";
import { poolFor } from "../kernels/threads/pool.js";
import { threadCount } from "../kernels/threads/provider.js";
import { HELPER_WORKER_URL } from "./helper-url.js";

/** Chunks staged ahead of the helpers' claims, and slots, per helper. */
const AHEAD_PER_HELPER = 3;
const SLOTS_PER_HELPER = 4;
/** Staging buffers up to this size are kept between passes. */
const KEEP_SLOT_BYTES = 64 << 20;

/** What every pass tells its helpers: the control block, the network, the kernels, the chunks. */
export interface PassJob {
  readonly ctl: Int32Array;
  readonly op: string;
  readonly sizes: readonly number[];
  readonly dtype: DType;
  readonly activation: Activation;
  readonly family: KernelFamily;
  readonly n: number;
  readonly chunks: number;
  /** Every layer's W then b, in order (shareParams). */
  readonly params: SharedArrayBuffer;
}

/** One pass as the helpers receive it (everything else they need is in the shared buffers). */
export interface EvalJob extends PassJob {
  readonly kind: "predict" | "accuracy";
  readonly chunkRows: number;
  readonly slots: number;
  /** Per slot: chunkRows input rows; their labels as float64 (any number survives the copy);
   * chunkRows output rows (predict). */
  readonly x: SharedArrayBuffer;
  readonly labels: SharedArrayBuffer;
  readonly out: SharedArrayBuffer;
}

/** What the caller's pass is: predict fills `out`, accuracy counts rows equal to `labels`. */
export interface EvalSpec {
  readonly kind: "predict" | "accuracy";
  readonly op: string;
  readonly layers: readonly DenseRef[];
  readonly sizes: readonly number[];
  readonly dtype: DType;
  readonly activation: Activation;
  readonly X: Buf;
  readonly n: number;
  readonly labels: ArrayLike<number> | null;
  readonly out: Buf | null;
  readonly chunkRows: number;
}

/** How the last pass was shared: chunks in all, and how many the helpers ran (tests and
 * benchmarks read it; 0 helper chunks when it ran on one thread). */
export const lastEvalShare = { chunks: 0, helperChunks: 0, helpers: 0 };

let slotBuffers: { x: SharedArrayBuffer; labels: SharedArrayBuffer; out: SharedArrayBuffer } | null = null;

function sharedBuffer(old: SharedArrayBuffer | undefined, bytes: number): SharedArrayBuffer {
  return old && old.byteLength >= bytes ? old : new SharedArrayBuffer(bytes);
}

// Labels reach the helpers as float64: exact for every number, but a non-number label ("3")
// would compare differently there, so such lists stay on one thread.
function numericLabels(labels: ArrayLike<number>): boolean {
  if (ArrayBuffer.isView(labels)) return !(labels instanceof BigInt64Array || labels instanceof BigUint64Array);
  for (let i = 0; i < labels.length; i++) if (typeof labels[i] !== "number") return false;
  return true;
}

/**
 * Runs the pass over the threads the setting allows; `own(r0, rows)` is the one-thread loop's
 * body for one chunk (it returns the rows counted correct, or 0). Returns the helpers' and the
 * caller's sum, or null when the pass did not run threaded (the caller then runs its loop).
 */
export function evalOnThreads(spec: EvalSpec, own: (r0: number, rows: number) => number): number | null {
  const { n, chunkRows, sizes, dtype } = spec;
  const chunks = Math.ceil(n / chunkRows);
  const threads = threadCount();
  lastEvalShare.chunks = chunks;
  lastEvalShare.helperChunks = lastEvalShare.helpers = 0;
  if (threads < 2 || chunks < 2 || chunks > MAX_CHUNKS) return null;
  if (spec.labels && !numericLabels(spec.labels)) return null;
  const pool = poolFor(HELPER_WORKER_URL);
  const helpers = pool.ensure(Math.min(threads - 1, chunks - 1));
  if (helpers === 0) return null;

  const I = sizes[0]!,
    O = sizes[sizes.length - 1]!,
    E = dtype === "f64" ? 8 : 4;
  const slots = SLOTS_PER_HELPER * helpers;
  const prev = slotBuffers;
  const buffers = {
    x: sharedBuffer(prev?.x, slots * chunkRows * I * E),
    labels: sharedBuffer(prev?.labels, spec.labels ? slots * chunkRows * 8 : 8),
    out: sharedBuffer(prev?.out, spec.out ? slots * chunkRows * O * E : 8),
  };
  // Kept for the next pass (an evaluation loop makes many), unless wide rows made them large.
  slotBuffers = buffers.x.byteLength + buffers.out.byteLength <= KEEP_SLOT_BYTES ? buffers : null;
  const view = (b: SharedArrayBuffer): Buf => (dtype === "f64" ? new Float64Array(b) : new Float32Array(b));
  const xs = view(buffers.x),
    outs = view(buffers.out),
    ls = new Float64Array(buffers.labels);
  const ctl = newControl(slots);
  const job: EvalJob = {
    ctl,
    kind: spec.kind,
    op: spec.op,
    sizes,
    dtype,
    activation: spec.activation,
    family: kernelFamily(),
    n,
    chunkRows,
    chunks,
    slots,
    params: shareParams(spec.layers, dtype),
    ...buffers,
  };
  pool.post(job);

  const { X, labels, out } = spec;
  const queue = new FrontEnd(ctl, chunks, slots, AHEAD_PER_HELPER * helpers);
  const take = (slot: number, chunk: number): void => {
    const rows = Math.min(chunkRows, n - chunk * chunkRows);
    if (out) out.set(outs.subarray(slot * chunkRows * O, (slot * chunkRows + rows) * O), chunk * chunkRows * O);
  };
  let mine = 0;
  let theirs: { sum: number; failure: string | null };
  try {
    for (;;) {
      queue.harvest(take);
      const c = queue.nextToStage();
      if (c >= 0) {
        const r0 = c * chunkRows,
          rows = Math.min(chunkRows, n - r0),
          at = queue.stagedSlot() * chunkRows;
        xs.set(X.subarray(r0 * I, (r0 + rows) * I), at * I);
        if (labels) for (let i = 0; i < rows; i++) ls[at + i] = labels[r0 + i]!;
        queue.publish(c);
        continue;
      }
      const f = queue.claim();
      if (f < 0) break;
      mine += own(f * chunkRows, Math.min(chunkRows, n - f * chunkRows));
    }
  } finally {
    // Even when our own chunk threw: the helpers must be done with the shared slots first.
    theirs = queue.finish();
  }
  queue.harvest(take);
  if (theirs.failure !== null) {
    // A helper failed (it never should): start fresh helpers next time, and let the caller run
    // the one-thread loop, which recomputes every row.
    pool.lastError = theirs.failure;
    pool.stop();
    return null;
  }
  lastEvalShare.helpers = helpers;
  lastEvalShare.helperChunks = queue.helperChunks();
  return mine + theirs.sum;
}

/**
 * The layers' parameters copied into one shared buffer (tiny next to the rows): into `reuse` when
 * it has the size, since a fresh buffer's pages are touched for the first time by this copy, and
 * that is slow here (0.5 ms for the seed's 160 KB, measured, against 0.03 ms into a used one).
 */
export function shareParams(
  layers: readonly DenseRef[],
  dtype: DType,
  reuse: SharedArrayBuffer | null = null,
): SharedArrayBuffer {
  let len = 0;
  for (const { W, b } of layers) len += W.data.length + b.data.length;
  const bytes = len * (dtype === "f64" ? 8 : 4);
  const buf = reuse?.byteLength === bytes ? reuse : new SharedArrayBuffer(bytes);
  const all = dtype === "f64" ? new Float64Array(buf) : new Float32Array(buf);
  let at = 0;
  for (const { W, b } of layers) {
    all.set(W.data, at);
    at += W.data.length;
    all.set(b.data, at);
    at += b.data.length;
  }
  return buf;
}

/**
 * The layers a helper reads from shareParams' buffer, as ordinary arrays: copied once a job,
 * since a product copies its operands into wasm memory on every call and V8 copies out of a
 * SharedArrayBuffer at about half the speed of ordinary memory. Into `reuse`'s arrays when it
 * holds layers of these sizes and dtype (fresh arrays cost first touches, as in shareParams).
 */
export function sharedLayers(
  params: SharedArrayBuffer,
  sizes: readonly number[],
  dtype: DType,
  reuse: readonly DenseRef[] | null = null,
): DenseRef[] {
  const all = dtype === "f64" ? new Float64Array(params) : new Float32Array(params);
  const fits =
    reuse !== null &&
    reuse.length === sizes.length - 1 &&
    reuse.every((l, k) => l.W.dtype === dtype && l.W.rows === sizes[k] && l.W.cols === sizes[k + 1]);
  const layers: DenseRef[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const r = sizes[l]!,
      c = sizes[l + 1]!;
    const w = all.subarray(at, at + r * c),
      b = all.subarray(at + r * c, at + r * c + c);
    if (fits) {
      reuse[l]!.W.data.set(w);
      reuse[l]!.b.data.set(b);
      layers.push(reuse[l]!);
    } else {
      layers.push({
        W: new Matrix<number, number, DType>(w.slice() as never, r, c),
        b: new Vector<number, DType>(b.slice() as never, c),
      } as DenseRef);
    }
    at += r * c + c;
  }
  return layers;
}

/** A helper's side of one job: the same DenseStack calls as the caller's loop, on staged rows. */
export function serveEvalJob(job: EvalJob): void {
  const { ctl, chunks, slots, chunkRows, sizes, dtype, n } = job;
  if (jobOver(ctl, chunks)) return; // a job posted while this helper was starting
  const I = sizes[0]!,
    O = sizes[sizes.length - 1]!;
  const prevFamily = setKernelFamily(job.family);
  let stack: DenseStack | null = null;
  try {
    const view = (b: SharedArrayBuffer): Buf => (dtype === "f64" ? new Float64Array(b) : new Float32Array(b));
    const layers = sharedLayers(job.params, sizes, dtype);
    stack = new DenseStack(job.op, sizes, Math.min(n, chunkRows), dtype, job.activation, false);
    stack.bind(layers);
    const xs = view(job.x),
      outs = view(job.out),
      ls = new Float64Array(job.labels);
    const pred = new Int32Array(chunkRows);
    const s = stack;
    serveBack(ctl, chunks, slots, (slot, chunk) => {
      const rows = Math.min(chunkRows, n - chunk * chunkRows),
        x0 = slot * chunkRows;
      const x = xs.subarray(x0 * I, (x0 + rows) * I);
      if (job.kind === "accuracy") return s.countCorrect(x, rows, ls.subarray(x0, x0 + rows), 0, pred);
      s.probabilities(outs.subarray(x0 * O, (x0 + rows) * O), x, rows);
      return 0;
    });
  } catch (e) {
    fail(ctl, e);
  } finally {
    stack?.release();
    setKernelFamily(prevFamily);
  }
}
