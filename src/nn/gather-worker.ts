// The helper's side of Trainer.prefetch (the caller's side is src/nn/gather-ahead.ts, the words
// both read src/nn/gather-protocol.ts). It runs in the helper threads' module
// (src/nn/helper-worker.ts), which also runs the evaluations: while a training loop prefetches,
// the first helper stays in the loop below, gathering each asked batch at once and running
// evaluation work (`between`) only while no batch is asked, so one helper does both jobs and no
// third thread competes with the training thread for two cores.
import type { Buf } from "../shape/dtype.js";
import { takeRows } from "../kernels/gather.js";
import { setKernelFamily } from "../kernels/settings.js";
import { countRows, expandRows, listRows, type Csr } from "../kernels/sparse-rows.js";
import {
  allocResident,
  allocRowLists,
  freeResident,
  freeRowLists,
  listNonzeros,
  reserveResident,
  type RowLists,
} from "../kernels/wasm/gemm-wasm.js";
import { LISTS_MAX_DENSITY, type GatherJob, type GatherRows } from "./gather-ahead.js";
import * as P from "./gather-protocol.js";

/** What the helper keeps between messages: X's rows (a copy, or compressed rows shared with the
 * caller), and its own batch and lists (in its wasm memory, so it lists with the caller's kernel). */
const held = {
  rows: null as Buf | Csr | null,
  rowsId: 0,
  xb: null as Buf | null,
  lists: null as RowLists | null,
  shape: "",
};

/** Keeps the rows of a prefetching trainer's X (see GatherRows). */
export function keepGatherRows(msg: GatherRows): void {
  if ("csr" in msg) {
    held.rows = msg.csr;
  } else {
    // Touch every page now, here, so the caller's copy into it costs no page faults. Nothing
    // reads the buffer until the caller has copied X in, after this (its jobs come after).
    const bytes = new Uint8Array(msg.buffer);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
    held.rows = msg.dtype === "f64" ? new Float64Array(msg.buffer) : new Float32Array(msg.buffer);
    Atomics.store(msg.state, 0, 1);
  }
  held.rowsId = msg.rowsId;
}

/** One slot's views on its shared buffers. */
interface SlotViews {
  readonly idx: Int32Array;
  readonly ptr: Int32Array;
  readonly nz: Int32Array;
  readonly vals: Buf;
}

/** The helper's other work, offered by its module. */
export interface GatherHost {
  /** Handles the messages that came in (running evaluations); true when one needs the helper
   * back at its message loop, which ends this job's loop. */
  poll(): boolean;
}

/**
 * Serves a job's slots until the caller stops it (ctl[P.GEN] moves) or a message needs the
 * helper's message loop: gathers each asked batch, and in between, handles messages (`host.poll`,
 * which runs evaluations), then watches the asks, naps and sleeps.
 */
export function serveGatherJob(job: GatherJob, host: GatherHost): void {
  const { ctl, gen, batch: B, cols: I, dtype, xRows } = job;
  if (Atomics.load(ctl, P.GEN) !== gen) return; // stopped before it began
  const rows = held.rowsId === job.rowsId ? held.rows : null;
  const fits =
    rows !== null &&
    (rows instanceof Float32Array || rows instanceof Float64Array
      ? rows.length === xRows * I
      : rows.rows === xRows && rows.cols === I);
  if (!fits) {
    // Started after the caller shipped its rows to another helper (a restart): ask for them.
    Atomics.store(ctl, P.NEED_ROWS, 1);
    return;
  }
  const prevFamily = setKernelFamily(job.family);
  try {
    const dense = rows instanceof Float32Array || rows instanceof Float64Array;
    const { xb, lists } = dense ? workspace(job) : { xb: null, lists: null };
    const views: SlotViews[] = job.slots.map(({ ints, vals }) => ({
      idx: new Int32Array(ints, 0, B),
      ptr: new Int32Array(ints, B * 4, B + 1),
      nz: new Int32Array(ints, (2 * B + 1) * 4),
      vals: dtype === "f64" ? new Float64Array(vals) : new Float32Array(vals),
    }));
    const gather = (v: SlotViews): number => gatherSlot(job, rows, v, xb, lists);
    let stopped = false;
    // Every asked slot of this job, gathered; false once the job is stopped.
    const serveAsked = (): boolean => {
      let served = false;
      for (let s = 0; s < views.length && !stopped; s++) {
        const w = P.HEADER + s * P.SLOT_WORDS;
        if (Atomics.compareExchange(ctl, w + P.STATE, P.ASKED, P.WORKING) !== P.ASKED) continue;
        if (Atomics.load(ctl, w + P.SLOT_GEN) !== gen) {
          // Asked for under a later job (this one is stopped): not ours to serve.
          Atomics.store(ctl, w + P.STATE, P.ASKED);
          stopped = true;
          break;
        }
        served = true;
        Atomics.store(ctl, w + P.KIND, gather(views[s]!));
        Atomics.store(ctl, w + P.STATE, P.READY);
      }
      return served;
    };
    P.between.serve = () => {
      if (!stopped && Atomics.load(ctl, P.GEN) === gen) serveAsked();
    };
    try {
      for (;;) {
        const asks = Atomics.load(ctl, P.ASKS);
        if (stopped || Atomics.load(ctl, P.GEN) !== gen) return;
        if (serveAsked()) continue;
        if (host.poll()) return;
        // Nothing asked: wait for an ask, a message or a stop (spinning a little first).
        idle(ctl, asks, gen);
      }
    } finally {
      P.between.serve = null;
    }
  } finally {
    setKernelFamily(prevFamily);
  }
}

/** Gathers one asked batch into its slot; returns what the slot then holds (P.KIND_*, or the
 * number of listed nonzeros). */
function gatherSlot(job: GatherJob, rows: Buf | Csr, v: SlotViews, xb: Buf | null, lists: RowLists | null): number {
  const { batch: B, cols: I, xRows } = job;
  for (let r = 0; r < B; r++) {
    const i = v.idx[r]!;
    if (!(i >= 0 && i < xRows)) return P.KIND_INVALID;
  }
  const maxNnz = LISTS_MAX_DENSITY * B * I;
  if (!(rows instanceof Float32Array || rows instanceof Float64Array)) {
    // Compressed rows: the lists straight from their entries (what the caller would copy itself).
    if (job.lists) {
      const nnz = countRows(rows, v.idx, 0, B);
      if (nnz <= maxNnz) return listRows(v.ptr, v.nz, v.vals, job.n * (job.dtype === "f64" ? 8 : 4), rows, v.idx, 0, B);
    }
    expandRows(v.vals, rows, v.idx, 0, B);
    return job.lists ? P.KIND_DENSE : P.KIND_ROWS;
  }
  if (xb && lists) {
    // Exactly the caller's gather: the same rows into a resident batch, the same lister.
    takeRows(xb, rows, v.idx, B, I, xRows);
    const nnz = listNonzeros(lists, xb, B);
    if (nnz >= 0 && nnz <= maxNnz) {
      v.ptr.set(lists.ptr.subarray(0, B + 1));
      v.nz.set(lists.idx.subarray(0, nnz));
      v.vals.set(lists.val.subarray(0, nnz));
      return nnz;
    }
    v.vals.set(xb.subarray(0, B * I));
    return nnz >= 0 ? P.KIND_DENSE : P.KIND_ROWS;
  }
  takeRows(v.vals, rows, v.idx, B, I, xRows);
  return P.KIND_ROWS;
}

/** How long an idle helper watches for the next ask before it sleeps (ms): a training loop asks
 * every step (a few hundred µs), so while one runs the helper never sleeps and the caller never
 * pays a wake-up; when it stops, the helper sleeps after this. */
const WATCH_MS = 2;
/** Loads only, for this long (ms): about the gap between a batch done and the next ask when the
 * helper keeps up (a step less the helper's 130-ish µs of work), so the next ask is seen at once. */
const SPIN_MS = 0.1;
/** Then naps (ms); the timer's slack makes one 50-100 µs in practice. */
const NAP_MS = 0.02;

/**
 * Waits for an ask (ctl[P.ASKS] moving from `asks`: asks, stops and posted messages all move it)
 * or a stop: loads for SPIN_MS, then timed naps (which need no notify to end, and leave the core
 * to other threads: a spinning helper took CPU the caller needed when other processes held the
 * other core) for WATCH_MS, then asleep with P.SLEEPING set, so that an ask notifies. The load
 * after setting P.SLEEPING closes the race with an ask made just before it (both sides use
 * sequentially consistent atomics).
 */
function idle(ctl: Int32Array, asks: number, gen: number): void {
  const t0 = performance.now();
  for (;;) {
    for (let k = 0; k < 64; k++) if (Atomics.load(ctl, P.ASKS) !== asks) return;
    const t = performance.now() - t0;
    if (t > WATCH_MS) break;
    if (t > SPIN_MS) Atomics.wait(ctl, P.ASKS, asks, NAP_MS);
  }
  Atomics.store(ctl, P.SLEEPING, 1);
  if (Atomics.load(ctl, P.ASKS) === asks && Atomics.load(ctl, P.GEN) === gen) Atomics.wait(ctl, P.ASKS, asks, 1000);
  Atomics.store(ctl, P.SLEEPING, 0);
}

/** The helper's resident batch and lists for this job's shape (kept for the next job). */
function workspace(job: GatherJob): { xb: Buf | null; lists: RowLists | null } {
  if (!job.lists) return { xb: null, lists: null };
  const shape = `${job.dtype} ${job.batch} ${job.cols} ${job.n}`;
  if (held.shape !== shape) {
    if (held.xb) freeResident(held.xb);
    if (held.lists) freeRowLists(held.lists);
    const E = job.dtype === "f64" ? 8 : 4;
    reserveResident(job.batch * job.cols * (2 * E + 4));
    held.xb = allocResident(job.dtype, job.batch * job.cols);
    held.lists = held.xb ? allocRowLists(job.dtype, job.batch, job.cols, job.n) : null;
    held.shape = shape;
  }
  return { xb: held.xb, lists: held.lists };
}
