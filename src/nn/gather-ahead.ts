// The next training batch gathered on a helper thread while the caller computes this one
// (Trainer.prefetch). A step's gather is mostly waiting for main memory: 100 random rows of a
// 188 MB array (bench/gather.ts: 84-89% of the row copy is misses). A helper that gathers the
// rows, and lists their nonzeros with the same wasm kernel the caller would use, into a shared
// slot a step ahead, leaves the caller a copy from cache instead.
//
// The helper cannot read the caller's ordinary memory, so it works from its own copy of X's data
// in a SharedArrayBuffer, made on the first prefetch of that array and used only for steps on that
// same array. Only the helper reads it: the caller's steps never read through a shared buffer
// (V8 copies out of one with relaxed-atomic word copies: 100 random MNIST rows 36 µs against 19
// from ordinary memory; the helper pays that). Why not an ordinary buffer filled by the caller and
// moved to the helper: fresh memory is expensive to touch on this machine (a 188 MB copy into a
// new buffer took the caller 650-700 ms, the page faults; into touched memory 13-25 ms), and a
// shared buffer can be touched by the helper first, while the caller keeps gathering itself.
// (Those faults still slow the caller here, by about half while they last: a virtual machine's
// page faults stall both cores. A second, ordinary copy in the helper, made in the background,
// cost the default run 2-3 s this way: measured and removed.)
// The copy is a snapshot: writing X in place afterwards is not seen by it, which is why the
// trainer's `prefetchReset()` exists (see Trainer.prefetch); the buffer is kept and reused.
// Compressed rows (sparseRows) need none of this: they are in shared memory already, and the
// helper lists a batch straight from their entries (a third of the bytes of X's rows to read).
//
// The helper is the evaluation helpers' first (one pool, one module: helper-worker.ts), so a
// training loop that prefetches and evaluates in the background (train-mnist) runs two threads,
// not three on two cores: the helper gathers each batch asked and evaluates in between.
//
// Never waiting: each slot has a state word, moved by compare-and-swap, so exactly one side does
// a batch. The caller takes a READY slot; a slot still ASKED it takes back (and gathers itself);
// a slot the helper is WORKING on it leaves to the helper and gathers itself too (the helper's
// result is then dropped). Three slots: the batch about to be stepped, the next one, and one
// the caller gave up on that is still in the helper's hands.
import type { Buf, DType } from "../shape/dtype.js";
import { kernelFamily, type KernelFamily } from "../kernels/settings.js";
import type { RowLists } from "../kernels/wasm/gemm-wasm.js";
import { poolFor, type ThreadPool } from "../kernels/threads/pool.js";
import type { Csr } from "../kernels/sparse-rows.js";
import { HELPER_WORKER_URL } from "./helper-url.js";
import { threadCount } from "../kernels/threads/provider.js";
import {
  GEN,
  ASKS,
  NEED_ROWS,
  SLEEPING,
  HEADER,
  STATE,
  KIND,
  SLOT_GEN,
  SLOT_WORDS,
  FREE,
  ASKED,
  WORKING,
  READY,
  KIND_DENSE,
  KIND_ROWS,
  KIND_INVALID,
} from "./gather-protocol.js";

/**
 * Above this fraction of nonzeros a gathered batch goes dense: the list kernels then do more
 * work than the dense ones (the threshold gen-gemm.ts measured for its own lists). The caller's
 * gather and the helper's both decide by it.
 */
export const LISTS_MAX_DENSITY = 0.4;

/** Slots: the batch being stepped, the next one, and one a step left to the helper (it is
 * dropped when the helper finishes it). */
const SLOTS = 3;

/** Nonzero counts are copied in buckets of this many entries, through views made once (a view
 * per exact count would be an allocation per step). */
const BUCKET = 1024;

/** Consecutive asks the helper never starts before the job is posted again (see connect). */
const LOST_AFTER = 32;

/** How the prefetched batches were used (the bench and tests read it; reset it freely). */
export const prefetchStats = {
  /** Steps that took a batch the helper had ready. */
  used: 0,
  /** Steps whose batch was asked for but not started by the helper (the caller took it back). */
  notStarted: 0,
  /** Steps whose batch the helper was still gathering (left to it). */
  notDone: 0,
  /** Steps whose batch was never asked for (or was asked for another X). */
  unmatched: 0,
  /** Prefetches dropped: every slot busy. */
  dropped: 0,
};

/** A shared slot's buffers: the indices, then ptr and idx (int32), and the values or rows. */
interface SlotBuffers {
  readonly ints: SharedArrayBuffer;
  readonly vals: SharedArrayBuffer;
}

/** One job as the helper receives it: serve `slots` from the rows `rowsId` until ctl[GEN] moves. */
export interface GatherJob {
  readonly kind: "serve";
  readonly ctl: Int32Array;
  readonly gen: number;
  readonly rowsId: number;
  readonly slots: readonly SlotBuffers[];
  readonly dtype: DType;
  readonly batch: number;
  readonly cols: number;
  /** The width the lists' offsets pair with (the first layer's outputs). */
  readonly n: number;
  readonly xRows: number;
  readonly lists: boolean;
  readonly family: KernelFamily;
}

/**
 * The rows the helper gathers from: a buffer for X's data (the helper touches every page of it,
 * then sets `state` to 1; the caller copies X in after that, before any job uses it), or
 * compressed rows (sparseRows), already in shared memory: nothing to copy.
 */
export type GatherRows =
  | {
      readonly kind: "rows";
      readonly rowsId: number;
      readonly dtype: DType;
      readonly buffer: SharedArrayBuffer;
      readonly state: Int32Array;
    }
  | { readonly kind: "rows"; readonly rowsId: number; readonly dtype: DType; readonly csr: Csr };

/** What a prefetch gathers from: X's data, or its compressed rows. */
export type GatherSource = Buf | Csr;

/** The helper's one state across jobs, on the caller's side: whose rows it holds, whose job it
 * runs, and how many helpers have failed (after MAX_FAILURES prefetch stops starting them). */
const helper = {
  /** The X data the helper's buffer is for (copied in or about to be), or the compressed rows
   * it reads, and that buffer. */
  shipped: null as GatherSource | null,
  buffer: null as SharedArrayBuffer | null,
  /** The buffer's state word (1: touched by the helper) and whether X is copied in. */
  state: null as Int32Array | null,
  copied: false,
  rowsId: 0,
  active: null as GatherAhead | null,
  failures: 0,
};

/** Helpers that may fail (to start, or crash) before prefetch gives up for the process: a module
 * that cannot load would otherwise be started again at every step. */
export const MAX_FAILURES = 3;

/** Forgets the helper's failures and state (tests that install a failing provider call it). */
export function resetGatherHelper(): void {
  helper.active?.reset();
  helper.active = null;
  helper.shipped = null;
  helper.failures = 0;
}

/** Caller-side bookkeeping of a slot. */
interface SlotRecord {
  /** The X data (or compressed rows) it was asked for while live; null when free to reuse. */
  data: GatherSource | null;
  readonly indices: Int32Array;
  /** Which ask it holds (the newest is kept when a slot must be replaced). */
  order: number;
}

/**
 * A trainer's prefetching: its shared slots and the caller's side of the hand-off. Made on
 * the first prefetch, only when a helper thread can run (the thread setting above 1, a provider).
 */
export class GatherAhead {
  private readonly ctl = new Int32Array(new SharedArrayBuffer((HEADER + SLOTS * SLOT_WORDS) * 4));
  private readonly buffers: SlotBuffers[] = [];
  private readonly records: SlotRecord[] = [];
  /** Per slot: the indices (written by prefetch), ptr, and the idx / val buckets, and the rows. */
  private readonly askIdx: Int32Array[] = [];
  private readonly ptrView: Int32Array[] = [];
  private readonly idxBuckets: Int32Array[][] = [];
  private readonly valBuckets: Buf[][] = [];
  private readonly rowsView: Buf[] = [];
  private gen = 0;
  /** Asks so far: each slot's record keeps the number of its own. */
  private asks = 0;
  /** Consecutive takes that found their slot never started by the helper. */
  private untouched = 0;
  private readonly pool: ThreadPool;

  constructor(
    readonly batch: number,
    readonly cols: number,
    readonly n: number,
    readonly dtype: DType,
    /** Whether the caller uses nonzero lists (the wasm kernels, room for them). */
    readonly lists: boolean,
  ) {
    const E = dtype === "f64" ? 8 : 4;
    const cap = batch * cols + 4;
    for (let s = 0; s < SLOTS; s++) {
      const ints = new SharedArrayBuffer((batch + batch + 1 + cap) * 4);
      const vals = new SharedArrayBuffer(cap * E);
      this.buffers.push({ ints, vals });
      this.records.push({ data: null, indices: new Int32Array(batch), order: 0 });
      this.askIdx.push(new Int32Array(ints, 0, batch));
      this.ptrView.push(new Int32Array(ints, batch * 4, batch + 1));
      const idxAll = new Int32Array(ints, (2 * batch + 1) * 4, cap);
      const valAll = dtype === "f64" ? new Float64Array(vals) : new Float32Array(vals);
      const ib: Int32Array[] = [],
        vb: Buf[] = [];
      for (let k = 0; k * BUCKET < cap + BUCKET; k++) {
        const len = Math.min(k * BUCKET, cap);
        ib.push(idxAll.subarray(0, len));
        vb.push(valAll.subarray(0, len));
      }
      this.idxBuckets.push(ib);
      this.valBuckets.push(vb);
      this.rowsView.push(valAll.subarray(0, batch * cols));
    }
    // The evaluations' pool: its first helper does both jobs (see gather-worker.ts).
    this.pool = poolFor(HELPER_WORKER_URL);
  }

  /**
   * Asks the helper for rows `indices` of `data` (xRows × cols; indices already checked). A hint:
   * it may start the helper, ship it a copy of `data`, or be dropped; it never waits.
   */
  ask(data: GatherSource, xRows: number, indices: ArrayLike<number>): void {
    if (!this.connect(data, xRows)) return;
    const B = this.batch,
      ctl = this.ctl;
    // Already asked (a second prefetch of the same batch)?
    if (this.find(data, indices) >= 0) return;
    // A slot that holds nothing live (freeing a stale result); else the oldest live one but the
    // newest (asks never stepped: the newest is the step about to come, older ones were passed
    // over); none: drop the hint.
    let pick = -1;
    for (let s = 0; s < SLOTS && pick < 0; s++) if (this.records[s]!.data === null && this.reclaim(s)) pick = s;
    if (pick < 0) {
      let newest = 0;
      for (let s = 1; s < SLOTS; s++) if (this.records[s]!.order > this.records[newest]!.order) newest = s;
      // Oldest first, each tried once (reclaim frees what it succeeds on).
      let tried = 1 << newest;
      while (pick < 0) {
        let c = -1;
        for (let s = 0; s < SLOTS; s++)
          if (!(tried & (1 << s)) && (c < 0 || this.records[s]!.order < this.records[c]!.order)) c = s;
        if (c < 0) break;
        tried |= 1 << c;
        if (this.reclaim(c)) pick = c;
      }
    }
    if (pick < 0) {
      prefetchStats.dropped++;
      return;
    }
    const rec = this.records[pick]!,
      ask = this.askIdx[pick]!;
    for (let r = 0; r < B; r++) ask[r] = rec.indices[r] = indices[r]!;
    rec.data = data;
    rec.order = ++this.asks;
    const w = HEADER + pick * SLOT_WORDS;
    Atomics.store(ctl, w + SLOT_GEN, this.gen);
    Atomics.store(ctl, w + STATE, ASKED);
    Atomics.add(ctl, ASKS, 1);
    // Waking a sleeping thread cost the caller 41 µs here (a virtual machine's cross-core
    // interrupt); a helper that is watching the word sees the ask without it (idle below).
    if (Atomics.load(ctl, SLEEPING) !== 0) Atomics.notify(ctl, ASKS, 1);
  }

  /**
   * The slot holding rows `indices` of `data` ready, or -1 (then the caller gathers itself): a
   * slot still asked for is taken back, one the helper is working on is left to it. Never waits.
   * A slot returned must be given back with `release` once copied.
   */
  take(data: GatherSource, indices: ArrayLike<number>): number {
    const s = this.find(data, indices);
    if (s < 0) {
      prefetchStats.unmatched++;
      return -1;
    }
    const at = HEADER + s * SLOT_WORDS + STATE;
    // ASKED -> FREE: the helper will not start it now. Otherwise it is WORKING or READY.
    if (Atomics.compareExchange(this.ctl, at, ASKED, FREE) === ASKED) {
      this.records[s]!.data = null;
      prefetchStats.notStarted++;
      this.untouched++;
      return -1;
    }
    this.untouched = 0;
    if (Atomics.load(this.ctl, at) === READY) {
      const kind = Atomics.load(this.ctl, at - STATE + KIND);
      if (kind !== KIND_INVALID) {
        prefetchStats.used++;
        return s;
      }
    } else prefetchStats.notDone++;
    // WORKING: the helper finishes it, and the next ask frees it (reclaim); it is not ours.
    this.records[s]!.data = null;
    return -1;
  }

  /** What slot `s` holds (see take): a count of listed nonzeros, or KIND_DENSE / KIND_ROWS. */
  kind(s: number): number {
    return Atomics.load(this.ctl, HEADER + s * SLOT_WORDS + KIND);
  }

  /** Copies slot `s`'s lists (kind >= 0) into `lists`, from cache: ptr, then idx and val up to
   * the bucket holding the last entry (the entries past the count are never read). */
  copyLists(s: number, lists: RowLists, nnz: number): void {
    const k = Math.ceil(nnz / BUCKET);
    lists.ptr.set(this.ptrView[s]!);
    lists.idx.set(this.idxBuckets[s]![k]!);
    lists.val.set(this.valBuckets[s]![k]!);
  }

  /** Copies slot `s`'s dense rows (kind < 0) into `xb`. */
  copyRows(s: number, xb: Buf): void {
    xb.set(this.rowsView[s]!);
  }

  /** Frees slot `s` after a take. */
  release(s: number): void {
    this.records[s]!.data = null;
    Atomics.store(this.ctl, HEADER + s * SLOT_WORDS + STATE, FREE);
  }

  /** Forgets every asked batch and the helper's copy of X: the next ask ships X again. */
  reset(): void {
    for (let s = 0; s < SLOTS; s++) if (this.reclaim(s)) this.records[s]!.data = null;
    // Slots the helper is working on are dropped by the records: nothing can match them now.
    for (const rec of this.records) rec.data = null;
    helper.shipped = null;
  }

  /** Makes sure the helper runs, holds `data`, and serves this object's slots; false if not. */
  private connect(data: GatherSource, xRows: number): boolean {
    if (threadCount() < 2 || helper.failures >= MAX_FAILURES) return false;
    const pool = this.pool;
    if (!pool.ensureFirst()) {
      // The helper failed: start a fresh one at the next ask (up to MAX_FAILURES), which ships
      // the rows again.
      helper.failures++;
      pool.stop();
      helper.active?.stop();
      helper.shipped = null;
      // No helper is left to finish a slot it was working on: every slot is the caller's again.
      for (let s = 0; s < SLOTS; s++) Atomics.store(this.ctl, HEADER + s * SLOT_WORDS + STATE, FREE);
      return false;
    }
    const ctl = this.ctl;
    if (Atomics.load(ctl, NEED_ROWS) !== 0) {
      // A new helper (the old one was stopped) answered a job without holding the rows.
      Atomics.store(ctl, NEED_ROWS, 0);
      helper.shipped = null;
    }
    if (this.untouched >= LOST_AFTER) {
      // Asks the helper never started: it may be a new one that never got a job (the pool was
      // stopped and restarted). Posting the job again is cheap; a helper without the rows
      // answers NEED_ROWS, and the next ask ships them.
      this.untouched = 0;
      if (helper.active === this) this.stop();
    }
    if (helper.shipped !== data) {
      // Batches asked for the old rows are dropped with the job serving them; the helper, back
      // at its messages, touches the buffer (reused when the size allows: already touched).
      helper.active?.stop();
      helper.shipped = data;
      const rowsId = ++helper.rowsId;
      if (!(data instanceof Float32Array || data instanceof Float64Array)) {
        // Compressed rows live in shared memory already: the helper reads them where they are.
        helper.copied = true;
        pool.postFirst({ kind: "rows", rowsId, dtype: this.dtype, csr: data } satisfies GatherRows);
      } else {
        if (helper.buffer?.byteLength !== data.byteLength) helper.buffer = new SharedArrayBuffer(data.byteLength);
        helper.state = new Int32Array(new SharedArrayBuffer(4));
        helper.copied = false;
        const message: GatherRows = {
          kind: "rows",
          rowsId,
          dtype: this.dtype,
          buffer: helper.buffer,
          state: helper.state,
        };
        pool.postFirst(message);
        return false;
      }
    }
    if (!helper.copied) {
      // Not before the helper has touched every page (it writes to them); until then the caller
      // gathers itself.
      const dense = data as Buf;
      if (Atomics.load(helper.state!, 0) !== 1) return false;
      new Uint8Array(helper.buffer!).set(new Uint8Array(dense.buffer, dense.byteOffset, dense.byteLength));
      helper.copied = true;
    }
    if (helper.active !== this) {
      helper.active?.stop();
      this.stop();
      helper.active = this;
      const job: GatherJob = {
        kind: "serve",
        ctl,
        gen: this.gen,
        rowsId: helper.rowsId,
        slots: this.buffers,
        dtype: this.dtype,
        batch: this.batch,
        cols: this.cols,
        n: this.n,
        xRows,
        lists: this.lists,
        family: kernelFamily(),
      };
      pool.postFirst(job);
      // The helper now waits on this block, not in its event loop: a message posted to it (an
      // evaluation) must move ASKS too, or it would sleep through it.
      pool.onPost = () => this.ring();
    }
    return true;
  }

  /** Wakes the helper to look at its messages (see connect). */
  private ring(): void {
    Atomics.add(this.ctl, ASKS, 1);
    if (Atomics.load(this.ctl, SLEEPING) !== 0) Atomics.notify(this.ctl, ASKS, 1);
  }

  /** Ends this object's running job (the helper returns to its messages) and takes back every
   * slot not yet started; slots asked before are forgotten. */
  private stop(): void {
    this.gen = Atomics.add(this.ctl, GEN, 1) + 1;
    // ASKS moves too, so a helper between its spin and its sleep does not sleep through this.
    Atomics.add(this.ctl, ASKS, 1);
    Atomics.notify(this.ctl, ASKS);
    for (let s = 0; s < SLOTS; s++) {
      Atomics.compareExchange(this.ctl, HEADER + s * SLOT_WORDS + STATE, ASKED, FREE);
      this.records[s]!.data = null;
    }
    if (helper.active === this) {
      helper.active = null;
      this.pool.onPost = null;
    }
  }

  /** The live slot asked for rows `indices` of `data`, or -1. */
  private find(data: GatherSource, indices: ArrayLike<number>): number {
    const B = this.batch;
    for (let s = 0; s < SLOTS; s++) {
      const rec = this.records[s]!;
      if (rec.data !== data) continue;
      let r = 0;
      while (r < B && rec.indices[r] === indices[r]) r++;
      if (r === B) return s;
    }
    return -1;
  }

  /** Makes slot `s` FREE if the helper is not working on it (a stale result is dropped). */
  private reclaim(s: number): boolean {
    const at = HEADER + s * SLOT_WORDS + STATE;
    const st = Atomics.load(this.ctl, at);
    if (st === FREE) return true;
    if (st === WORKING) return false;
    // ASKED or READY: only the caller moves them back (the helper claims ASKED by CAS).
    return Atomics.compareExchange(this.ctl, at, st, FREE) === st;
  }
}
