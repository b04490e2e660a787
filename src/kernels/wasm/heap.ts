// The WebAssembly memory the GEMM kernels work in, and a small allocator over it.
//
// Kernels can only read wasm memory, so operands held in ordinary JS typed arrays are copied in
// (and results out) through scratch blocks. Arrays *allocated here* ("resident") are views into
// that memory and skip the copy: a training loop that keeps its weights, batches and gradients
// resident pays no copy at all.
//
// Growth is the hazard: growing a wasm memory detaches its ArrayBuffer and empties every view
// on it. So while any resident array is live the heap is pinned: it never grows, and an
// allocation that does not fit fails (allocResident returns null, a GEMM falls back to the TS
// kernels). `reserve` sizes the memory before residents are handed out.
//
// Why not a shared memory, which grows without detaching: V8 copies to and from a
// SharedArrayBuffer with relaxed-atomic word copies, measured here at 4-7 GB/s against 11-13
// GB/s for an unshared wasm memory, and every call that is not resident pays that copy.
import type { Buf, DType } from "../../shape/dtype.js";
import { webAssembly, type WasmApi, type WasmMemory } from "./wasm-api.js";

/** Blocks start on cache lines, so a kernel's row panel never splits a line with a neighbour. */
const ALIGN = 64;
/** Kernels may over-read up to 12 bytes past an operand (see gemm.wat): every block keeps 16. */
const PAD = 16;
const PAGE = 65536;
/** The smallest scratch block (see scratch()). */
const MIN_SCRATCH = 65536;
/** The bottom of memory is never handed out: the module keeps constant tables there (its data
 * segment at PACK_TABLE in scripts/wasm/gen-gemm.ts), and no block ever starts at offset 0. */
export const RESERVED_BYTES = 1024;
/** The module's declared maximum (scripts/wasm/gen-gemm.ts MAX_PAGES): 2 GiB. */
const MAX_BYTES = 32768 * PAGE;

export class WasmHeap {
  private buffer: ArrayBuffer;
  private f32: Float32Array;
  private f64: Float64Array;
  /** Free ranges [offset, bytes], sorted by offset, coalesced. */
  private readonly free: Array<[number, number]> = [];
  /** Live blocks: offset -> bytes. */
  private readonly used = new Map<number, number>();
  /** Live resident arrays; while > 0 the memory must not grow. */
  private residents = 0;
  /** Named scratch blocks (kernels' staging areas), reused across calls and grown on demand. */
  private readonly scratchBlocks = new Map<string, { off: number; bytes: number }>();
  /** Views handed out for copies, by dtype, offset and length, so steady-state calls create none. */
  private readonly views = new Map<number, Map<number, Buf>>();
  private readonly finalizer: FinalizationRegistry<number> | null;

  constructor(readonly memory: WasmMemory) {
    this.buffer = memory.buffer;
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.free.push([RESERVED_BYTES, this.buffer.byteLength - RESERVED_BYTES]);
    // A resident array nobody frees is returned when it is garbage collected.
    this.finalizer =
      typeof FinalizationRegistry === "function"
        ? new FinalizationRegistry((offset: number) => this.releaseResident(offset))
        : null;
  }

  /** Current size of the memory in bytes. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** Bytes held by live blocks (scratch and resident). */
  get usedBytes(): number {
    let s = 0;
    for (const b of this.used.values()) s += b;
    return s;
  }

  /** Live resident arrays. */
  get residentCount(): number {
    return this.residents;
  }

  /** A block of at least `bytes` (+ the over-read pad), or -1 when it does not fit and the
   * memory cannot grow (pinned by residents, or at its maximum). */
  alloc(bytes: number): number {
    const size = Math.ceil((bytes + PAD) / ALIGN) * ALIGN;
    for (let idx = 0; idx < this.free.length; idx++) {
      const [off, len] = this.free[idx]!;
      if (len < size) continue;
      if (len === size) this.free.splice(idx, 1);
      else this.free[idx] = [off + size, len - size];
      this.used.set(off, size);
      return off;
    }
    if (!this.grow(size)) return -1;
    return this.alloc(bytes);
  }

  /** The scratch block named `role`, at least `bytes` long (reallocated when too small); -1 if
   * there is no room. Its contents are the caller's until the next call with the same role. */
  scratch(role: string, bytes: number): number {
    const s = this.scratchBlocks.get(role);
    if (s && s.bytes >= bytes) return s.off;
    if (s) {
      this.release(s.off);
      this.scratchBlocks.delete(role);
    }
    // At least MIN_SCRATCH: a training step's small products then share one block per role from
    // the start, instead of moving it (and so making new cached views) when a later one is larger.
    bytes = Math.max(bytes, MIN_SCRATCH);
    const off = this.alloc(bytes);
    if (off >= 0) this.scratchBlocks.set(role, { off, bytes });
    return off;
  }

  /** Returns a block to the free list. An unknown offset is a caller bug: throw. */
  release(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) throw new Error(`wasm heap: no live block at offset ${offset}`);
    this.used.delete(offset);
    this.dropViews(offset);
    this.insertFree(offset, size);
  }

  /**
   * Grows the memory so that at least `bytes` more are free in one block, before resident
   * arrays pin it. Returns false if it cannot (pinned, or past the maximum).
   */
  reserve(bytes: number): boolean {
    const last = this.free[this.free.length - 1];
    const tailFree = last && last[0] + last[1] === this.buffer.byteLength ? last[1] : 0;
    return tailFree >= bytes + PAD || this.grow(bytes + PAD - tailFree);
  }

  private insertFree(off: number, len: number): void {
    let idx = this.free.findIndex(([o]) => o > off);
    if (idx < 0) idx = this.free.length;
    this.free.splice(idx, 0, [off, len]);
    // Coalesce with the right neighbour, then the left.
    const right = this.free[idx + 1];
    if (right && off + len === right[0]) {
      this.free[idx] = [off, len + right[1]];
      this.free.splice(idx + 1, 1);
    }
    const left = this.free[idx - 1];
    const cur = this.free[idx]!;
    if (left && left[0] + left[1] === cur[0]) {
      this.free[idx - 1] = [left[0], left[1] + cur[1]];
      this.free.splice(idx, 1);
    }
  }

  private grow(bytes: number): boolean {
    if (this.residents > 0) return false; // growing would detach the residents' buffer
    const before = this.buffer.byteLength;
    const pages = Math.ceil(bytes / PAGE);
    if (before + pages * PAGE > MAX_BYTES) return false;
    try {
      this.memory.grow(pages);
    } catch {
      return false; // the engine could not provide the memory
    }
    // The old ArrayBuffer is now detached: re-view the new one and forget cached views.
    this.buffer = this.memory.buffer;
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.views.clear();
    this.insertFree(before, this.buffer.byteLength - before);
    return true;
  }

  /** The byte offset of `arr` in this memory if it is a view on it (resident), else -1. */
  offsetOf(arr: Buf): number {
    return arr.buffer === this.buffer ? arr.byteOffset : -1;
  }

  /** Copies `src` into the heap at byte offset `dst`. */
  copyIn(dst: number, src: Buf): void {
    if (src instanceof Float64Array) this.f64.set(src, dst / 8);
    else this.f32.set(src, dst / 4);
  }

  /** A view of `length` elements at byte offset `off`, cached: the same call in a training loop
   * returns the same object and allocates nothing. */
  view(dtype: DType, off: number, length: number): Buf {
    const key = dtype === "f64" ? -off - 1 : off;
    let byLen = this.views.get(key);
    if (!byLen) this.views.set(key, (byLen = new Map()));
    let v = byLen.get(length);
    if (!v) {
      v = dtype === "f64" ? this.f64.subarray(off / 8, off / 8 + length) : this.f32.subarray(off / 4, off / 4 + length);
      byLen.set(length, v);
    }
    return v;
  }

  private dropViews(off: number): void {
    this.views.delete(off);
    this.views.delete(-off - 1);
  }

  /**
   * A zeroed array of `length` elements that lives in this memory, so the kernels read and
   * write it in place; null if it does not fit (see `reserve`). Freed by `freeResident` or,
   * failing that, when the array is garbage collected — so keep the array itself alive while
   * any subarray of it is in use. `zeroed: false` skips the zeroing, for workspaces always
   * written before they are read: zeroing an evaluation's 12 MB of batch rows and lists cost
   * each pass about 0.7 ms, and on a first pass, touching the fresh pages cost 48 ms (measured).
   */
  allocResident(dtype: DType, length: number, zeroed = true): Buf | null {
    const E = dtype === "f64" ? 8 : 4;
    const off = this.alloc(length * E);
    if (off < 0) return null;
    this.residents++;
    const arr =
      dtype === "f64" ? new Float64Array(this.buffer, off, length) : new Float32Array(this.buffer, off, length);
    if (zeroed) arr.fill(0); // a reused block holds old data
    this.finalizer?.register(arr, off, arr);
    return arr;
  }

  /** Frees a resident array now; it must not be used afterwards. */
  freeResident(arr: Buf): void {
    const off = this.offsetOf(arr);
    if (off < 0 || !this.used.has(off)) throw new Error("wasm heap: not a live resident array of this heap");
    this.finalizer?.unregister(arr);
    this.releaseResident(off);
  }

  private releaseResident(off: number): void {
    this.residents--;
    this.release(off);
  }
}

let shared: WasmHeap | null | undefined;

/** The one heap every kernel module imports as its memory (16 MiB to start), created on first
 * use; null where the engine has no WebAssembly.Memory. */
export function kernelHeap(): WasmHeap | null {
  if (shared === undefined) {
    const WA = webAssembly();
    shared = WA ? createHeap(WA, 16 << 20) : null;
  }
  return shared;
}

/** Makes a heap of at least `initialBytes`, or null where WebAssembly.Memory is refused. */
export function createHeap(WA: WasmApi, initialBytes: number): WasmHeap | null {
  try {
    const initial = Math.max(1, Math.ceil(initialBytes / PAGE));
    return new WasmHeap(new WA.Memory({ initial, maximum: MAX_BYTES / PAGE }));
  } catch {
    return null;
  }
}
