// Compressed rows held in the kernels' wasm memory, in the layout the list products read, so a
// product runs straight from them: an evaluation pass over compressed rows then copies nothing.
//
// Why: compressed rows live in a SharedArrayBuffer, which a wasm kernel cannot read, so every
// pass listed each chunk into the thread's wasm memory first (about 360 µs per 1,000 MNIST rows,
// a third of the pass, and a helper thread's time the training steps wait for). Held, they are
// copied once per thread, when an evaluation set is made; a pass reads them in place.
//
// The blocks are plain heap blocks (offsets), not resident arrays: they do not pin the memory,
// which may grow while they are held (growing keeps the contents; only views detach, so none is
// kept). The column numbers are scaled on first use to the byte stride of the B rows they pair
// with (the first layer's width), and rescaled in place if a later product has another width.
import type { Buf, DType } from "../../shape/dtype.js";
import type { Csr } from "../sparse-rows.js";
import { productFromLists, wasmGemm } from "./gemm-wasm.js";

/** Compressed rows copied into wasm memory (see holdRows). */
export interface HeldRows {
  readonly dtype: DType;
  readonly rows: number;
  readonly cols: number;
  /** Byte offsets of the blocks: rows + 1 entry numbers (the Csr's ptr), idx (int32), val. */
  readonly ptr: number;
  readonly idx: number;
  readonly val: number;
  readonly nnz: number;
}

/** What each held block's idx is multiplied by now (1: column numbers), and whether it is live. */
const state = new WeakMap<HeldRows, { scale: number; live: boolean }>();

/**
 * Copies compressed rows into the kernels' wasm memory (growing it: call before anything pins
 * it with resident arrays). null, with nothing held, where the kernels are unavailable, the
 * memory cannot take them (or is pinned by resident arrays), or their column offsets would not fit the kernels' 32-bit addresses.
 */
export function holdRows(csr: Csr): HeldRows | null {
  const heap = wasmGemm()?.heap;
  // Pinned by resident arrays, the memory cannot grow: taking its free room would leave none
  // for the workspaces that pinned it.
  if (!heap || heap.residentCount > 0) return null;
  const E = csr.dtype === "f64" ? 8 : 4;
  const nnz = csr.ptr[csr.rows]!;
  // Entry addresses (idx + 4·e, val + E·e) are 32-bit.
  if ((nnz + 4) * E >= 2 ** 31) return null;
  const blocks: number[] = [];
  for (const bytes of [(csr.rows + 1) * 4, (nnz + 4) * 4, (nnz + 4) * E]) {
    const off = heap.alloc(bytes);
    if (off < 0) {
      for (const b of blocks) heap.release(b);
      return null;
    }
    blocks.push(off);
  }
  const [ptr, idx, val] = blocks as [number, number, number];
  // Views on the buffer as it is now that every block exists (an alloc may have grown it).
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, ptr, csr.rows + 1).set(csr.ptr);
  new Int32Array(buffer, idx, nnz).set(csr.col.subarray(0, nnz));
  if (csr.dtype === "f64") new Float64Array(buffer, val, nnz).set(csr.val.subarray(0, nnz));
  else new Float32Array(buffer, val, nnz).set(csr.val.subarray(0, nnz));
  const held: HeldRows = { dtype: csr.dtype, rows: csr.rows, cols: csr.cols, ptr, idx, val, nnz };
  state.set(held, { scale: 1, live: true });
  return held;
}

/** Returns the blocks to the heap; the held rows must not be used afterwards (a no-op when
 * already released). */
export function releaseRows(held: HeldRows): void {
  const s = state.get(held);
  const heap = wasmGemm()?.heap;
  if (!s?.live || !heap) return;
  s.live = false;
  heap.release(held.ptr);
  heap.release(held.idx);
  heap.release(held.val);
}

/**
 * out[rows × n] = A · b for rows r0 .. r0 + rows - 1 of the held rows (A), b being cols × n:
 * the list product, so the same bits as from those rows listed. false, having written nothing,
 * when it cannot run (released, dtype mismatch, column offsets past 32 bits, no staging room).
 */
export function spmmHeld(out: Buf, held: HeldRows, r0: number, rows: number, b: Buf, n: number): boolean {
  const s = state.get(held);
  const heap = wasmGemm()?.heap;
  if (!s?.live || !heap || r0 < 0 || rows < 0 || r0 + rows > held.rows) return false;
  const stride = n * (held.dtype === "f64" ? 8 : 4);
  if (s.scale !== stride) {
    if (held.cols * stride >= 2 ** 31) return false;
    const idx = new Int32Array(heap.memory.buffer, held.idx, held.nnz);
    // Each entry is an exact multiple of the old scale, so the quotient is exact.
    for (let e = 0; e < idx.length; e++) idx[e] = (idx[e]! / s.scale) * stride;
    s.scale = stride;
  }
  return productFromLists("nn", out, b, rows, held.cols, n, held.dtype, held.ptr + r0 * 4, held.idx, held.val);
}
