// Progress for long loops: on a terminal, one redrawn line with a bar, steps/s and time left;
// elsewhere (CI logs, pipes, files) nothing but the lines the caller logs, so logs stay clean.

/** Where output goes: process.stdout, or a stand-in in tests. */
export interface Out {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Progress {
  /** Reports that `done` steps are complete, with an optional note (e.g. the last loss). */
  tick(done: number, note?: string): void;
  /** Prints a line above the bar (or just the line, off a terminal). */
  log(line: string): void;
  /** Removes the bar. */
  stop(): void;
}

/** `75` → `1:15`, `3725` → `1:02:05` */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}

/**
 * The bar line for `done` of `total` after `elapsed` seconds, fitted to `columns`. The rate is
 * the average since the start, evaluation pauses included, so the time left includes them too.
 */
export function barLine(done: number, total: number, elapsed: number, columns: number, note = ""): string {
  const rate = elapsed > 0 ? done / elapsed : 0;
  const left = rate > 0 ? (total - done) / rate : NaN;
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const stats = ` ${String(done).padStart(String(total).length)}/${total} ${String(pct).padStart(3)}%  ${rate.toFixed(
    0,
  )} steps/s  left ${clock(left)}${note ? `  ${note}` : ""}`;
  const width = Math.max(10, Math.min(40, columns - stats.length - 3));
  const filled = total > 0 ? Math.round((width * done) / total) : width;
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]${stats}`.slice(0, Math.max(columns - 1, 20));
}

/**
 * A progress display for `total` steps on `out`; a bar only when `out` is a terminal.
 * `now` is injectable for tests.
 */
export function progress(total: number, out: Out, now: () => number = () => performance.now()): Progress {
  const start = now();
  if (!out.isTTY) {
    return { tick() {}, log: (line) => void out.write(line + "\n"), stop() {} };
  }
  let lastDraw = -Infinity;
  let shown = "";
  let state = { done: 0, note: "" };
  const draw = () => {
    // A terminal that reports no width (0, e.g. under `script`) gets the classic 80.
    const columns = out.columns !== undefined && out.columns > 0 ? out.columns : 80;
    shown = barLine(state.done, total, (now() - start) / 1000, columns, state.note);
    out.write(`\r\x1b[2K${shown}`);
    lastDraw = now();
  };
  return {
    tick(done, note = "") {
      state = { done, note };
      // Redrawing ten times a second is smooth enough and costs nothing next to the work.
      if (now() - lastDraw >= 100 || done === total) draw();
    },
    log(line) {
      out.write(`\r\x1b[2K${line}\n`);
      if (shown) draw();
    },
    stop() {
      if (shown) out.write("\r\x1b[2K");
      shown = "";
    },
  };
}
