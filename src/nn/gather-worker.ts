// The gather helper's thread (Trainer.prefetch; the caller's side and the protocol are in
// src/nn/gather-ahead.ts), started by the thread provider; Node-only, and never imported by the
// root entry (tsup builds it on its own, as dist/gather-worker.js, which the root finds beside
// itself), so none of this code is in the browser bundle.
import { parentPort } from "node:worker_threads";
import type { Buf, DType } from "../shape/dtype.js";
import { takeRows } from "../kernels/gather.js";
import { setKernelFamily } from "../kernels/settings.js";
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

/** What the helper keeps between messages: X's rows, and its own batch and lists (in its wasm
 * memory, so it lists with the caller's kernel). */
const held = {
  /** The caller's shared buffer holding X's copy `rowsId`, viewed in X's dtype. */
  rows: null as Buf | null,
  rowsId: 0,
  xb: null as Buf | null,
  lists: null as RowLists | null,
  shape: "",
};

/** The helper's handling of one message: keep the rows, or serve a job until it is stopped. */
function serveGatherMessage(msg: GatherRows | GatherJob): void {
  if (msg.kind === "rows") {
    // Touch every page now, here, so the caller's copy into it costs no page faults. Nothing
    // reads the buffer until the caller has copied X in, after this (its jobs come after).
    const bytes = new Uint8Array(msg.buffer);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
    held.rows = msg.dtype === "f64" ? new Float64Array(msg.buffer) : new Float32Array(msg.buffer);
    held.rowsId = msg.rowsId;
    Atomics.store(msg.state, 0, 1);
    return;
  }
  serveGatherJob(msg);
}

function serveGatherJob(job: GatherJob): void {
  const { ctl, gen, batch: B, cols: I, dtype, xRows } = job;
  if (Atomics.load(ctl, P.GEN) !== gen) return; // stopped before it began
  const rows = held.rowsId === job.rowsId ? held.rows : null;
  if (rows === null || rows.length !== xRows * I) {
    // Started after the caller shipped its rows to another helper (a restart): ask for them.
    Atomics.store(ctl, P.NEED_ROWS, 1);
    return;
  }
  const prevFamily = setKernelFamily(job.family);
  try {
    const { xb, lists } = workspace(job);
    const views = job.slots.map(({ ints, vals }) => ({
      idx: new Int32Array(ints, 0, B),
      ptr: new Int32Array(ints, B * 4, B + 1),
      nz: new Int32Array(ints, (2 * B + 1) * 4),
      vals: dtype === "f64" ? new Float64Array(vals) : new Float32Array(vals),
    }));
    const maxNnz = LISTS_MAX_DENSITY * B * I;
    for (;;) {
      const asks = Atomics.load(ctl, P.ASKS);
      if (Atomics.load(ctl, P.GEN) !== gen) return;
      let served = false;
      for (let s = 0; s < views.length; s++) {
        const w = P.HEADER + s * P.SLOT_WORDS;
        if (Atomics.compareExchange(ctl, w + P.STATE, P.ASKED, P.WORKING) !== P.ASKED) continue;
        if (Atomics.load(ctl, w + P.SLOT_GEN) !== gen) {
          // Asked for under a later job (this one is stopped): not ours to serve.
          Atomics.store(ctl, w + P.STATE, P.ASKED);
          return;
        }
        served = true;
        const v = views[s]!;
        let kind: number;
        let ok = true;
        for (let r = 0; r < B; r++) {
          const i = v.idx[r]!;
          if (!(i >= 0 && i < xRows)) ok = false;
        }
        if (!ok) kind = P.KIND_INVALID;
        else if (xb && lists) {
          // Exactly the caller's gather: the same rows into a resident batch, the same lister.
          takeRows(xb, rows, v.idx, B, I, xRows);
          const nnz = listNonzeros(lists, xb, B);
          if (nnz >= 0 && nnz <= maxNnz) {
            v.ptr.set(lists.ptr.subarray(0, B + 1));
            v.nz.set(lists.idx.subarray(0, nnz));
            v.vals.set(lists.val.subarray(0, nnz));
            kind = nnz;
          } else {
            v.vals.set(xb.subarray(0, B * I));
            kind = nnz >= 0 ? P.KIND_DENSE : P.KIND_ROWS;
          }
        } else {
          takeRows(v.vals, rows, v.idx, B, I, xRows);
          kind = P.KIND_ROWS;
        }
        Atomics.store(ctl, w + P.KIND, kind);
        Atomics.store(ctl, w + P.STATE, P.READY);
      }
      // Nothing asked: sleep until an ask or a stop (spinning a little first, see waitWhile).
      if (!served) idle(ctl, asks, gen);
    }
  } finally {
    setKernelFamily(prevFamily);
  }
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
 * Waits for an ask (ctl[P.ASKS] moving from `asks`) or a stop: loads for SPIN_MS, then timed naps
 * (which need no notify to end, and leave the core to other threads: a spinning helper took CPU
 * the caller needed when other processes held the other core) for WATCH_MS, then asleep with
 * P.SLEEPING set, so that an ask notifies. The load after setting P.SLEEPING closes the race with an
 * ask made just before it (both sides use sequentially consistent atomics).
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

parentPort?.on("message", (msg: GatherRows | GatherJob) => serveGatherMessage(msg));
