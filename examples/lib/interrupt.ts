// Ctrl-C during a synchronous training loop: a signal is delivered through the event loop, so the
// loop yields to it every few milliseconds (a cost far below one step's) and checks the flag
// between steps. The first SIGINT or SIGTERM asks the loop to stop after the current step; a
// second one ends the process at once.

/** What the loop reads between steps. */
export interface Interrupts {
  /** The signal received, once one is. */
  readonly signal: NodeJS.Signals | undefined;
  /**
   * Lets a pending signal in, if the last chance was more than a few milliseconds ago: a promise
   * to await then, else undefined (so that most steps pay no await).
   */
  poll(): Promise<void> | undefined;
  /** What to tell the user on the first signal; the phase of the run decides (settable). */
  notify: (s: NodeJS.Signals) => void;
  /** Removes the handlers (the default behaviour returns). */
  dispose(): void;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
/** The exit code of a process ended by a signal: 128 + its number. */
export const signalExitCode = (s: NodeJS.Signals): number => (s === "SIGTERM" ? 143 : 130);

/** Starts watching for SIGINT and SIGTERM; `notify` tells the user the run is stopping. */
export function watchInterrupts(notify: (s: NodeJS.Signals) => void, everyMs = 20): Interrupts {
  let signal: NodeJS.Signals | undefined;
  let last = performance.now();
  const handler = (s: NodeJS.Signals) => {
    if (signal !== undefined) process.exit(signalExitCode(s));
    signal = s;
    watch.notify(s);
  };
  for (const s of SIGNALS) process.on(s, handler);
  const watch: Interrupts = {
    notify,
    get signal() {
      return signal;
    },
    poll() {
      const now = performance.now();
      if (now - last < everyMs) return undefined;
      last = now;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
    dispose() {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
  return watch;
}
