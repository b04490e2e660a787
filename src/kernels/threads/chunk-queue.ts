// The hand-off of one job's chunks between the calling thread and its helpers, in a small
// shared Int32Array. The caller takes chunks from the front and reads them where they are; the
// helpers take chunks from the back, which the caller first copies ("stages") into shared slots,
// since helpers cannot read the caller's ordinary memory. Both ends claim through one word
// holding both counts, changed by compare-and-swap, so a chunk is claimed exactly once however
// the two ends race, and the job is over when the counts meet. A helper still starting (or one
// that has failed) claims nothing and the caller does its chunks itself: nothing waits on it.
//
// Staging is bounded: the caller stays at most `ahead` chunks in front of the helpers' claims,
// and a slot is reused only after the caller has taken the result out of it (harvest).

/** Word indices in the control array. */
const CLAIM = 0; // front count | back count << BACK_SHIFT
const STAGED = 1; // back chunks staged so far (the k-th from the back is in slot k % slots)
const DONE = 2; // back chunks finished (or failed) by helpers
const COUNT = 3; // a sum the helpers add to (accuracy: rows counted correct)
const FAILED = 4; // 1 once a helper has failed
const HEADER = 8;
const BACK_SHIFT = 15;
const FRONT_MASK = (1 << BACK_SHIFT) - 1;
/** Slot states. */
const FREE = 0,
  STAGED_SLOT = 1,
  RESULT = 2;
/** Room for a helper's error message (UTF-16 code units). */
const MESSAGE_UNITS = 512;

/**
 * Loads a waiting thread makes before it sleeps in Atomics.wait. A wake-up from Atomics.wait
 * costs 15-60 µs here (bench/step-profile.ts, "hand-off round trip"), a spin that sees the
 * change well under a microsecond; an Atomics.load costs 11-14 ns in Node 20 (measured), so 500
 * of them are about 6 µs: a thread whose partner answers within that never pays the wake-up,
 * and one whose partner is slow (or gone) sleeps after wasting only that. Longer spins lose
 * when the machine has more runnable threads than cores: the spinner then takes the core its
 * partner needs to answer.
 */
export const SPIN_LOADS = 500;

/**
 * Returns once ctl[index] is no longer `value`, or `timeoutMs` has passed (Atomics.wait's
 * timeout, so callers re-check their own condition): spins up to SPIN_LOADS loads first, then
 * sleeps until a notify.
 */
export function waitWhile(ctl: Int32Array, index: number, value: number, timeoutMs: number): void {
  for (let k = 0; k < SPIN_LOADS; k++) if (Atomics.load(ctl, index) !== value) return;
  Atomics.wait(ctl, index, value, timeoutMs);
}

/** Jobs split into at most this many chunks (the two counts share one 31-bit word). */
export const MAX_CHUNKS = FRONT_MASK;

/** A job's control block: header, then per slot its state and the chunk it holds, then an
 * error message. */
export function newControl(slots: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((HEADER + 2 * slots + MESSAGE_UNITS + 1) * 4));
}

/** The caller's end of a job over `chunks` chunks (0 .. chunks-1) with `slots` staging slots. */
export class FrontEnd {
  private staged = 0;
  private front = 0;

  constructor(
    readonly ctl: Int32Array,
    readonly chunks: number,
    readonly slots: number,
    readonly ahead: number,
  ) {}

  /**
   * The next chunk to stage for the helpers (its slot is `stagedSlot()`), or -1 when the
   * helpers are far enough ahead, its slot still holds a result, or none is left beyond
   * the caller's own next chunk. Call `publish(chunk)` once it is copied.
   */
  nextToStage(): number {
    const w = Atomics.load(this.ctl, CLAIM);
    const back = w >>> BACK_SHIFT;
    if (this.staged - back >= this.ahead) return -1;
    const chunk = this.chunks - 1 - this.staged;
    if (chunk <= this.front) return -1;
    return Atomics.load(this.ctl, HEADER + 2 * (this.staged % this.slots)) === FREE ? chunk : -1;
  }

  /** The slot the chunk from nextToStage() goes to. */
  stagedSlot(): number {
    return this.staged % this.slots;
  }

  /** Publishes the chunk from nextToStage() as staged and wakes a waiting helper. */
  publish(chunk: number): void {
    const s = HEADER + 2 * (this.staged % this.slots);
    Atomics.store(this.ctl, s + 1, chunk);
    Atomics.store(this.ctl, s, STAGED_SLOT);
    this.staged++;
    Atomics.store(this.ctl, STAGED, this.staged);
    Atomics.notify(this.ctl, STAGED, 1);
  }

  /** Claims the next chunk from the front; -1 when every chunk is claimed. */
  claim(): number {
    for (;;) {
      const w = Atomics.load(this.ctl, CLAIM);
      const back = w >>> BACK_SHIFT;
      if (this.front + back >= this.chunks) return -1;
      if (Atomics.compareExchange(this.ctl, CLAIM, w, w + 1) === w) return this.front++;
    }
  }

  /** Chunks the helpers claimed. */
  helperChunks(): number {
    return Atomics.load(this.ctl, CLAIM) >>> BACK_SHIFT;
  }

  /** Hands each slot holding a finished result to `take(slot, chunk)`, then frees it. */
  harvest(take: (slot: number, chunk: number) => void): void {
    for (let s = 0; s < this.slots; s++) {
      const i = HEADER + 2 * s;
      if (Atomics.load(this.ctl, i) !== RESULT) continue;
      take(s, Atomics.load(this.ctl, i + 1));
      Atomics.store(this.ctl, i, FREE);
    }
  }

  /**
   * After the last claim (or a throw): ends the job, wakes idle helpers, then blocks until every
   * chunk they claimed is finished. Returns the helpers' sum, or a failure message if one failed.
   */
  finish(): { sum: number; failure: string | null } {
    // After a throw the front may have stopped early: close the job (the front takes whatever
    // is left, uncomputed), or helpers would wait for chunks that are never staged.
    for (;;) {
      const w = Atomics.load(this.ctl, CLAIM);
      const back = w >>> BACK_SHIFT;
      if ((w & FRONT_MASK) + back >= this.chunks) break;
      if (Atomics.compareExchange(this.ctl, CLAIM, w, (back << BACK_SHIFT) | (this.chunks - back)) === w) break;
    }
    Atomics.notify(this.ctl, STAGED);
    const claimed = Atomics.load(this.ctl, CLAIM) >>> BACK_SHIFT;
    for (;;) {
      const done = Atomics.load(this.ctl, DONE);
      if (done >= claimed) break;
      waitWhile(this.ctl, DONE, done, 1000);
    }
    const failure = Atomics.load(this.ctl, FAILED) ? readMessage(this.ctl) : null;
    return { sum: Atomics.load(this.ctl, COUNT), failure };
  }
}

/** Whether every chunk of the job is claimed (a helper that starts late skips its setup). */
export function jobOver(ctl: Int32Array, chunks: number): boolean {
  const w = Atomics.load(ctl, CLAIM);
  return (w & FRONT_MASK) + (w >>> BACK_SHIFT) >= chunks;
}

/** Back chunks finished (or failed) by helpers so far: a job nobody else claims from is done
 * when this reaches its chunk count. */
export function backDone(ctl: Int32Array): number {
  return Atomics.load(ctl, DONE);
}

/**
 * A helper's end of a job whose rows it holds itself (an evaluation set's copy), so nothing is
 * staged: claims chunks from the back (the k-th claim is chunk chunks-1-k) until the job is over.
 * The caller's FrontEnd over the same control block claims from the front (with no slots).
 */
export function serveBackHeld(ctl: Int32Array, chunks: number, run: (chunk: number) => number): void {
  for (;;) {
    const w = Atomics.load(ctl, CLAIM);
    const front = w & FRONT_MASK,
      back = w >>> BACK_SHIFT;
    if (front + back >= chunks) return;
    if (Atomics.compareExchange(ctl, CLAIM, w, w + (1 << BACK_SHIFT)) !== w) continue;
    let add = 0;
    try {
      add = run(chunks - 1 - back);
    } catch (e) {
      fail(ctl, e);
    }
    Atomics.add(ctl, COUNT, add);
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  }
}

/** A helper's end: claims staged chunks from the back until the job is over. */
export function serveBack(
  ctl: Int32Array,
  chunks: number,
  slots: number,
  run: (slot: number, chunk: number) => number,
): void {
  for (;;) {
    const w = Atomics.load(ctl, CLAIM);
    const front = w & FRONT_MASK,
      back = w >>> BACK_SHIFT;
    if (front + back >= chunks) return;
    const staged = Atomics.load(ctl, STAGED);
    if (back >= staged) {
      // Nothing staged yet: wait for the caller (it wakes us when it stages or finishes).
      waitWhile(ctl, STAGED, staged, 100);
      continue;
    }
    if (Atomics.compareExchange(ctl, CLAIM, w, w + (1 << BACK_SHIFT)) !== w) continue;
    const slot = back % slots;
    const i = HEADER + 2 * slot;
    let add = 0;
    try {
      add = run(slot, Atomics.load(ctl, i + 1));
    } catch (e) {
      fail(ctl, e);
    }
    Atomics.add(ctl, COUNT, add);
    Atomics.store(ctl, i, RESULT);
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  }
}

/** Records a helper's failure (the first message wins). */
export function fail(ctl: Int32Array, e: unknown): void {
  if (Atomics.compareExchange(ctl, FAILED, 0, 1) !== 0) return;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const at = ctl.length - MESSAGE_UNITS - 1;
  const n = Math.min(text.length, MESSAGE_UNITS);
  ctl[at] = n;
  for (let k = 0; k < n; k++) ctl[at + 1 + k] = text.charCodeAt(k);
}

function readMessage(ctl: Int32Array): string {
  const at = ctl.length - MESSAGE_UNITS - 1;
  let s = "";
  for (let k = 0; k < ctl[at]!; k++) s += String.fromCharCode(ctl[at + 1 + k]!);
  return s;
}
