// Helper threads, started lazily (on the first pass that wants them) and kept for the next:
// starting a thread costs tens of milliseconds, a pass a few. Every helper runs the same module
// and is told about a job by one message; the job itself (rows to claim, results) goes through
// shared memory, so the caller can block on Atomics.wait and the public API stays synchronous.
import { threadProvider, type ThreadHandle } from "./provider.js";

interface Helper {
  handle: ThreadHandle;
  alive: boolean;
}

/** The helper threads running one worker module. */
export class ThreadPool {
  private readonly helpers: Helper[] = [];
  /** The last failure a helper reported (start-up or crash), for diagnostics and tests. */
  lastError: unknown = null;
  /**
   * Called after every message posted: a helper that waits on shared memory rather than in its
   * event loop (serving prefetched gathers, src/nn/gather-worker.ts) is woken by it to read its
   * messages, since a message alone does not end an Atomics.wait.
   */
  onPost: (() => void) | null = null;

  constructor(readonly url: string) {}

  /** Makes sure `n` helpers have been started (starting more as needed, stopping extra ones);
   * returns how many of them have not failed. A helper still starting counts: jobs are
   * claimed chunk by chunk, so one that is late just claims fewer. */
  ensure(n: number): number {
    const provider = threadProvider();
    while (this.helpers.length > n) this.helpers.pop()!.handle.terminate();
    while (provider && this.helpers.length < n) {
      const helper: Helper = { handle: null as unknown as ThreadHandle, alive: true };
      helper.handle = provider.spawn(this.url, (e) => {
        helper.alive = false;
        this.lastError = e;
      });
      this.helpers.push(helper);
    }
    return this.alive();
  }

  /** Helpers that have not failed. */
  alive(): number {
    let k = 0;
    for (const h of this.helpers) if (h.alive) k++;
    return k;
  }

  /** Sends `message` to every live helper. */
  post(message: unknown): void {
    for (const h of this.helpers) if (h.alive) h.handle.postMessage(message);
    this.onPost?.();
  }

  /** Sends `message` to the first helper only (starting one if there is none); false if it has
   * failed. The first helper is the one `ensure` keeps longest (extra ones stop from the end). */
  postFirst(message: unknown): boolean {
    if (!this.ensureFirst()) return false;
    this.helpers[0]!.handle.postMessage(message);
    this.onPost?.();
    return true;
  }

  /** Starts the first helper if none was started; whether it runs (started, not failed). */
  ensureFirst(): boolean {
    if (this.helpers.length === 0) this.ensure(1);
    return this.helpers[0]?.alive === true;
  }

  /** Sends each live helper its own message, `make(k)` for the k-th (0-based), with the buffers
   * it lists moved to that helper (data a helper keeps, sent once without a shared copy). */
  postEach(make: (k: number) => { message: unknown; transfer?: ArrayBuffer[] }): void {
    let k = 0;
    for (const h of this.helpers) {
      if (!h.alive) continue;
      const { message, transfer } = make(k++);
      h.handle.postMessage(message, transfer);
    }
    this.onPost?.();
  }

  /** Stops every helper (they are started again on demand). */
  stop(): void {
    for (const h of this.helpers.splice(0)) h.handle.terminate();
  }
}

const pools = new Map<string, ThreadPool>();

/** The pool for the worker module at `url`. */
export function poolFor(url: string): ThreadPool {
  let p = pools.get(url);
  if (!p) pools.set(url, (p = new ThreadPool(url)));
  return p;
}

/** Stops every helper thread of every pool (tests call it so that no thread outlives them; the
 * helpers never keep a process alive anyway). */
export function stopThreads(): void {
  for (const p of pools.values()) p.stop();
}
