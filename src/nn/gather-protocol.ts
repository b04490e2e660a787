// The words of the prefetch hand-off in GatherAhead's shared control block, read and written by
// both sides: the caller's (gather-ahead.ts) and the helper's (gather-worker.ts).

/** Control words. */
export const GEN = 0; // the job generation the helper should serve; bumped to send it back to its messages
export const ASKS = 1; // bumped on every ask, the word the idle helper sleeps on
export const NEED_ROWS = 2; // set by a helper that was asked to serve without the rows it needs
export const SLEEPING = 3; // 1 while the helper sleeps in Atomics.wait: only then does an ask wake it
export const HEADER = 4;
/** Per slot: its state, what it holds (see KIND_*), and the generation it was asked under. */
export const STATE = 0,
  KIND = 1,
  SLOT_GEN = 2,
  SLOT_WORDS = 4;
/** Slot states. */
export const FREE = 0,
  ASKED = 1,
  WORKING = 2,
  READY = 3;
/** What a READY slot holds: a count >= 0 is that many listed nonzeros (ptr, idx, val). */
export const KIND_DENSE = -1; // dense rows too dense to list (the caller must not list them)
export const KIND_ROWS = -2; // dense rows not listed (no lists wanted, or the helper had no wasm kernels)
export const KIND_INVALID = -3; // an index out of range: the caller gathers itself (and reports it)

/**
 * On a helper, while it serves a prefetching trainer: gathers the batches asked so far (nothing
 * when none is). An evaluation the helper runs meanwhile calls it between its pieces, so an asked
 * batch waits for one piece at most (eval-set.ts).
 */
export const between = { serve: null as (() => void) | null };
