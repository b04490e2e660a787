// The per-step losses, streamed to a binary file as training goes (float64, little-endian, one per
// step), so a run of any length never builds one giant string and a killed run keeps its losses.
// Buffered: one write per 4,096 steps, and on every checkpoint.
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { EXIT, fsReason, RunError } from "./exit-codes.js";

/** Bytes per loss in the file. */
export const LOSS_BYTES = 8;

/** An append-only file of float64 losses. */
export class LossLog {
  private readonly fd: number;
  private readonly buf = new Float64Array(4096);
  private readonly bytes = new Uint8Array(this.buf.buffer);
  private n = 0;
  private written: number;

  /** Opens `file`, keeping its first `keep` losses (0: a new file); more than it holds is an error. */
  constructor(
    readonly file: string,
    keep = 0,
  ) {
    try {
      this.fd = openSync(file, keep > 0 ? "r+" : "w");
      const have = statSync(file).size / LOSS_BYTES;
      if (have < keep)
        throw new RunError(
          `${file} holds ${Math.floor(have)} losses but the checkpoint is at step ${keep}: the run directory is inconsistent`,
          EXIT.failed,
        );
      // Steps after the checkpoint are run again, so their losses are dropped.
      ftruncateSync(this.fd, keep * LOSS_BYTES);
    } catch (e) {
      if (e instanceof RunError) throw e;
      throw new RunError(`cannot open ${file}: ${fsReason(e)}`, EXIT.failed);
    }
    this.written = keep;
  }

  push(loss: number): void {
    this.buf[this.n++] = loss;
    if (this.n === this.buf.length) this.flush(false);
  }

  /** Writes the buffered losses; with `sync`, to the disk (before a checkpoint names this count). */
  flush(sync: boolean): void {
    try {
      // Float64Array's bytes are the platform's order; every platform Node runs on is little-endian.
      let off = 0;
      const len = this.n * LOSS_BYTES;
      while (off < len) off += writeSync(this.fd, this.bytes, off, len - off, this.written * LOSS_BYTES + off);
      this.written += this.n;
      this.n = 0;
      if (sync) fsyncSync(this.fd);
    } catch (e) {
      throw new RunError(`cannot write ${this.file}: ${fsReason(e)}`, EXIT.failed);
    }
  }

  /** Losses on disk and buffered. */
  get count(): number {
    return this.written + this.n;
  }

  close(): void {
    this.flush(true);
    closeSync(this.fd);
  }
}

/** Reads a loss file back (as written by LossLog). */
export function readLosses(file: string): Float64Array {
  const b = readFileSync(file);
  const out = new Float64Array(Math.floor(b.length / LOSS_BYTES));
  new Uint8Array(out.buffer).set(b.subarray(0, out.length * LOSS_BYTES));
  return out;
}
