// Runs a GEMM in the WebAssembly SIMD kernels: loads the module synchronously on first use,
// stages operands that are not already resident in wasm memory (copy in, copy out), and walks
// tall products in row chunks so scratch memory stays bounded (the 60,000-row accuracy pass
// needs about 16 MiB of scratch, not 188 MiB plus lists as long). Below gemmWasm: the products
// from nonzero lists a caller keeps (RowLists; the trainers list each batch once for X·W and
// Xᵀ·dY), and the SGD update's axpy.
import type { Buf, DType } from "../../shape/dtype.js";
import { GEMM_WASM_BASE64 } from "./gemm-wasm-bytes.js";
import type { WasmHeap } from "./heap.js";
import { loadModule } from "./load-module.js";

/** A kernel export; the last argument is `skip` (dense kernels) or a scratch offset (sparse). */
type Kernel = (out: number, a: number, b: number, m: number, k: number, n: number, last: number) => void;

interface GemmExports {
  f32_gemm_nn: Kernel;
  f32_gemm_tn: Kernel;
  f32_gemm_nt: Kernel;
  f64_gemm_nn: Kernel;
  f64_gemm_tn: Kernel;
  f64_gemm_nt: Kernel;
  f32_gemm_nn_sparse: Kernel;
  f32_gemm_tn_sparse: Kernel;
  f64_gemm_nn_sparse: Kernel;
  f64_gemm_tn_sparse: Kernel;
  f32_spmm_rows: ListsKernel;
  f32_scatter_rows: ListsKernel;
  f64_spmm_rows: ListsKernel;
  f64_scatter_rows: ListsKernel;
  f32_compact_rows: CompactKernel;
  f64_compact_rows: CompactKernel;
  f32_axpy(y: number, alpha: number, x: number, n: number): void;
  f64_axpy(y: number, alpha: number, x: number, n: number): void;
}

/** Lists A's nonzeros: (a, rows, cols, stride, ptr, idx, val) -> their number. */
type CompactKernel = (
  a: number,
  rows: number,
  cols: number,
  stride: number,
  ptr: number,
  idx: number,
  val: number,
) => number;

/** A product from ready nonzero lists: (out, b, rows, cols, n, ptr, idx, val), all byte offsets. */
type ListsKernel = (
  out: number,
  b: number,
  rows: number,
  cols: number,
  n: number,
  ptr: number,
  idx: number,
  val: number,
) => void;

/** The loaded kernels and the memory they run in. */
export interface WasmGemm {
  readonly heap: WasmHeap;
  readonly exports: GemmExports;
}

/** Which product: a·b, aᵀ·b (a is k×m), a·bᵀ (b is n×k). */
export type GemmOp = "nn" | "tn" | "nt";

let loaded: WasmGemm | null | undefined;
/** Why loading failed, for diagnostics (`wasmStatus`). */
let failure = "";

/**
 * The kernels, compiled and instantiated synchronously on first call; null where WebAssembly or
 * SIMD128 is missing or sync compilation is refused (Chrome's main thread caps it), in which
 * case the TS kernels serve.
 */
export function wasmGemm(): WasmGemm | null {
  if (loaded !== undefined) return loaded;
  const m = loadModule<GemmExports>(GEMM_WASM_BASE64);
  if (typeof m === "string") failure = m;
  loaded = typeof m === "string" ? null : m;
  return loaded;
}

/** "ok" or why the wasm kernels are unavailable. */
export function wasmStatus(): string {
  return wasmGemm() ? "ok" : `unavailable: ${failure}`;
}

/** Elements of A staged per chunk of rows: 4 MiB of float32, a size that stays in L3. */
const CHUNK_ELEMS = 1 << 20;

/** Bytes the sparse kernels need for an A of m×k (or k×m): see driverSparse in gen-gemm.ts. */
const sparseBytes = (m: number, k: number, E: number) => (Math.max(m, k) + 2) * 4 + (m * k + 4) * (4 + E) + 64;

/** Scratch blocks by operand role: "gemm.a", "gemm.b", "gemm.o", and the sparse lists "gemm.s". */
const scratchFor = (heap: WasmHeap, role: "a" | "b" | "o" | "s", bytes: number) => heap.scratch(`gemm.${role}`, bytes);

/** Bytes copied in and out by the last calls, for the benchmark's copy-cost figures. */
export const copyStats = { bytesIn: 0, bytesOut: 0 };

/**
 * out = op(a, b) in the wasm kernels. Returns false (having written nothing) when it cannot
 * run — kernels unavailable, mixed dtypes, or no memory for scratch — so the caller falls back.
 * `skip` (NN/TN) treats A as possibly sparse: a mostly-zero A has its nonzeros listed and only
 * they are multiplied; a denser one runs the dense kernel skipping all-zero 4×4 tiles. Both give
 * the same bits as the dense kernel for finite b.
 */
export function gemmWasm(
  op: GemmOp,
  out: Buf,
  a: Buf,
  b: Buf,
  m: number,
  k: number,
  n: number,
  skip: boolean,
): boolean {
  const w = wasmGemm();
  if (!w) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    out.fill(0, 0, m * n); // an empty sum; the kernels expect k >= 1
    return true;
  }
  const f64 = out instanceof Float64Array;
  if (a instanceof Float64Array !== f64 || b instanceof Float64Array !== f64) return false;
  const dtype: DType = f64 ? "f64" : "f32";
  const E = f64 ? 8 : 4;
  const { heap, exports } = w;
  let sparse = skip && op !== "nt";
  // A batch whose lists its trainer already holds (useLists): the products from them, the bits
  // the sparse kernels give after listing it again.
  const held = heldLists;
  if (held.a === a && held.lists !== null) {
    const fits =
      sparse &&
      held.lists.n === n &&
      (op === "nn"
        ? m === held.rows && k === held.lists.cols
        : op === "tn" && k === held.rows && m === held.lists.cols);
    if (fits && listsProduct(op as "nn" | "tn", out, held.lists, held.rows, b)) return true;
    // Any other product reads `a` itself: its rows first (see useLists), once.
    const fill = held.fill;
    useLists(null);
    fill?.();
  }

  // B (and for TN all of A) is used whole; NN and NT rows of A and out are independent, so
  // those two are walked in chunks of rows.
  const bLen = k * n;
  const bPtr = placed(heap, "b", b, bLen, E);
  if (bPtr < 0) return false;
  let aRes = heap.offsetOf(a);
  const oRes = heap.offsetOf(out);
  if (op === "tn") {
    if (aRes < 0) {
      aRes = scratchFor(heap, "a", k * m * E);
      if (aRes < 0) return false;
      copyIn(heap, aRes, a, 0, k * m);
    }
    const oPtr = oRes >= 0 ? oRes : scratchFor(heap, "o", m * n * E);
    if (oPtr < 0) return false;
    const lists = sparse ? scratchFor(heap, "s", sparseBytes(m, k, E)) : -1;
    sparse &&= lists >= 0; // no room for the lists: the dense kernel, still skipping zero tiles
    kernelFor(exports, f64, op, sparse)(oPtr, aRes, bPtr, m, k, n, sparse ? lists : skip ? 1 : 0);
    if (oRes < 0) copyOut(heap, dtype, out, oPtr, 0, m * n);
    return true;
  }
  // Resident A and out need no chunks, unless the nonzero lists would then be as big as A.
  const rows =
    aRes >= 0 && oRes >= 0 && !sparse ? m : Math.max(1, Math.min(m, Math.floor(CHUNK_ELEMS / Math.max(k, n))));
  const aScratch = aRes >= 0 ? -1 : scratchFor(heap, "a", rows * k * E);
  const oScratch = oRes >= 0 ? -1 : scratchFor(heap, "o", rows * n * E);
  if ((aRes < 0 && aScratch < 0) || (oRes < 0 && oScratch < 0)) return false;
  const lists = sparse ? scratchFor(heap, "s", sparseBytes(rows, k, E)) : -1;
  sparse &&= lists >= 0;
  const kernel = kernelFor(exports, f64, op, sparse);
  const last = sparse ? lists : skip ? 1 : 0;
  for (let r0 = 0; r0 < m; r0 += rows) {
    const r = Math.min(rows, m - r0);
    let aPtr: number;
    if (aRes >= 0) aPtr = aRes + r0 * k * E;
    else {
      aPtr = aScratch;
      copyIn(heap, aPtr, a, r0 * k, r * k);
    }
    const oPtr = oRes >= 0 ? oRes + r0 * n * E : oScratch;
    kernel(oPtr, aPtr, bPtr, r, k, n, last);
    if (oRes < 0) copyOut(heap, dtype, out, oPtr, r0 * n, r * n);
  }
  return true;
}

function kernelFor(x: GemmExports, f64: boolean, op: GemmOp, sparse: boolean): Kernel {
  if (op === "nt") return f64 ? x.f64_gemm_nt : x.f32_gemm_nt;
  if (op === "nn")
    return f64 ? (sparse ? x.f64_gemm_nn_sparse : x.f64_gemm_nn) : sparse ? x.f32_gemm_nn_sparse : x.f32_gemm_nn;
  return f64 ? (sparse ? x.f64_gemm_tn_sparse : x.f64_gemm_tn) : sparse ? x.f32_gemm_tn_sparse : x.f32_gemm_tn;
}

/**
 * Where the first `length` elements of `src` sit in wasm memory: in place when it is resident,
 * else copied into the scratch block `slot`; -1 when there is no room for the copy.
 */
function placed(heap: WasmHeap, slot: Parameters<typeof scratchFor>[1], src: Buf, length: number, E: number): number {
  const at = heap.offsetOf(src);
  if (at >= 0) return at;
  const p = scratchFor(heap, slot, length * E);
  if (p >= 0) copyIn(heap, p, src, 0, length);
  return p;
}

function copyIn(heap: WasmHeap, dst: number, src: Buf, start: number, length: number): void {
  // Whole arrays go in without a subarray object; chunks need one (outside the training step).
  heap.copyIn(dst, start === 0 && length === src.length ? src : src.subarray(start, start + length));
  copyStats.bytesIn += length * src.BYTES_PER_ELEMENT;
}

function copyOut(heap: WasmHeap, dtype: DType, out: Buf, src: number, start: number, length: number): void {
  out.set(heap.view(dtype, src, length), start);
  copyStats.bytesOut += length * out.BYTES_PER_ELEMENT;
}

/**
 * A zeroed array that lives in the kernels' wasm memory, so GEMMs on it copy nothing; null when
 * the wasm kernels are unavailable or the memory is full (use an ordinary array then: results
 * are the same, only the copy comes back). While such arrays live, the memory cannot grow, so
 * call `reserveResident` with the total first.
 */
export function allocResident(dtype: DType, length: number, zeroed = true): Buf | null {
  return wasmGemm()?.heap.allocResident(dtype, length, zeroed) ?? null;
}

/** Frees an array from `allocResident` now rather than at garbage collection. */
export function freeResident(arr: Buf): void {
  const w = wasmGemm();
  if (!w) throw new Error("freeResident: the wasm kernels are not loaded, so no array is resident");
  w.heap.freeResident(arr);
}

/**
 * Grows the wasm memory so `bytes` of resident arrays fit (plus the GEMM scratch, which is
 * reserved here too); false if it cannot — residents already pin it, or the engine refuses.
 */
export function reserveResident(bytes: number): boolean {
  const w = wasmGemm();
  return w ? w.heap.reserve(bytes + SCRATCH_RESERVE) : false;
}

/** Scratch kept free beside the residents: a chunk each of A, out and A's nonzero lists, and a
 * B of up to 8 MiB (float64). */
const SCRATCH_RESERVE = 4 * CHUNK_ELEMS * 8;

/**
 * The nonzeros of a rows × cols matrix A, row by row, resident in wasm memory where the kernels
 * T_spmm_rows / T_scatter_rows read them: row r's entries are ptr[r] .. ptr[r + 1] - 1 of idx
 * (the entry's column times `n` elements, in bytes: the offset of the B row, or out row, it
 * pairs with) and val. A trainer lists its batch once (listNonzeros), so X·W and Xᵀ·dY share
 * one list instead of each listing X again.
 */
export interface RowLists {
  readonly dtype: DType;
  readonly rows: number;
  readonly cols: number;
  /** The width of the B (NN) or out (TN) the entries pair with. */
  readonly n: number;
  /** Bytes between those rows: what a column index is multiplied by in idx. */
  readonly stride: number;
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  readonly val: Buf;
  /** The resident arrays the views above live in: held so they are not freed while in use. */
  readonly storage: readonly Buf[];
}

/** Lists for up to rows × cols nonzeros pairing with rows `n` wide, or null where the wasm
 * kernels are unavailable or their memory is full (the caller then gathers densely). */
export function allocRowLists(dtype: DType, rows: number, cols: number, n: number): RowLists | null {
  const heap = wasmGemm()?.heap;
  if (!heap || rows * cols === 0 || n === 0) return null;
  const E = dtype === "f64" ? 8 : 4;
  // Offsets are i32 bytes: a column times the row stride must fit.
  if (cols * n * E >= 2 ** 31) return null;
  // + 4: the float32 lister stores four packed slots at a time, up to 3 past the last entry.
  // Not zeroed: lists are written before they are read (see WasmHeap.allocResident).
  const val = heap.allocResident(dtype, rows * cols + 4, false);
  const ints = heap.allocResident("f32", rows + 1 + rows * cols + 4, false);
  if (!val || !ints) {
    if (val) heap.freeResident(val);
    if (ints) heap.freeResident(ints);
    return null;
  }
  // The index arrays share one float32-typed resident block, viewed as int32 (created once).
  const ptr = new Int32Array(ints.buffer, ints.byteOffset, rows + 1);
  const idx = new Int32Array(ints.buffer, ints.byteOffset + (rows + 1) * 4, rows * cols + 4);
  return { dtype, rows, cols, n, stride: n * E, ptr, idx, val, storage: [val, ints] };
}

/**
 * Lists the nonzeros of the first `rows` rows of `a` (rows × lists.cols, resident in wasm
 * memory) into `lists`; returns their number, or -1 when `a` is not resident or of another dtype.
 */
export function listNonzeros(lists: RowLists, a: Buf, rows: number): number {
  const w = wasmGemm();
  const off = w ? w.heap.offsetOf(a) : -1;
  if (!w || off < 0 || a instanceof Float64Array !== (lists.dtype === "f64") || rows > lists.rows) return -1;
  const kernel = lists.dtype === "f64" ? w.exports.f64_compact_rows : w.exports.f32_compact_rows;
  return kernel(off, rows, lists.cols, lists.stride, lists.ptr.byteOffset, lists.idx.byteOffset, lists.val.byteOffset);
}

/** Lists a caller holds for a resident matrix (see useLists). */
const heldLists: { a: Buf | null; lists: RowLists | null; rows: number; fill: (() => void) | null } = {
  a: null,
  lists: null,
  rows: 0,
  fill: null,
};

/**
 * Declares that `lists` hold the nonzeros of the first `rows` rows of `a` (rows × lists.cols, as
 * listNonzeros would list them): until the next call, a zero-skipping product whose A is exactly
 * `a` (X·W or Xᵀ·dY with W, dY `lists.n` wide) runs from them instead of listing `a` again.
 * A training step through the autodiff tape lists its batch once this way, as the fused
 * trainers do. `a` itself may be stale meanwhile when `fill` writes its rows: a product that
 * cannot run from the lists calls it first (and forgets the lists). `null` forgets them: call
 * it before `a` is written again, and after the step.
 */
export function useLists(
  a: Buf | null,
  lists: RowLists | null = null,
  rows = 0,
  fill: (() => void) | null = null,
): void {
  const on = a !== null && lists !== null;
  heldLists.a = on ? a : null;
  heldLists.lists = on ? lists : null;
  heldLists.rows = rows;
  heldLists.fill = on ? fill : null;
}

/** Frees lists from allocRowLists now rather than at garbage collection. */
export function freeRowLists(lists: RowLists): void {
  for (const s of lists.storage) freeResident(s);
}

/**
 * out[rows × n] = A · b from A's lists (the first `rows` of them), b being cols × n. Returns
 * false, having written nothing, when it cannot run (dtype mismatch, no room for staging).
 */
export function spmmRows(out: Buf, lists: RowLists, rows: number, b: Buf): boolean {
  return listsProduct("nn", out, lists, rows, b);
}

/** out[cols × n] = Aᵀ · b from A's lists (the first `rows`), b being rows × n; as spmmRows. */
export function scatterRows(out: Buf, lists: RowLists, rows: number, b: Buf): boolean {
  return listsProduct("tn", out, lists, rows, b);
}

function listsProduct(op: "nn" | "tn", out: Buf, lists: RowLists, rows: number, b: Buf): boolean {
  const { ptr, idx, val } = lists;
  return productFromLists(
    op,
    out,
    b,
    rows,
    lists.cols,
    lists.n,
    lists.dtype,
    ptr.byteOffset,
    idx.byteOffset,
    val.byteOffset,
  );
}

/**
 * The product from lists at byte offsets `ptr`, `idx`, `val` of wasm memory (RowLists' layout:
 * entries ptr[r] .. ptr[r + 1] - 1 for row r, idx the column times n·E): out[rows × n] = A · b
 * ("nn", b is cols × n) or out[cols × n] = Aᵀ · b ("tn", b is rows × n). false, having written
 * nothing, when it cannot run (dtype mismatch, no room for staging).
 */
export function productFromLists(
  op: "nn" | "tn",
  out: Buf,
  b: Buf,
  rows: number,
  cols: number,
  n: number,
  dtype: DType,
  ptr: number,
  idx: number,
  val: number,
): boolean {
  const w = wasmGemm();
  if (!w) return false;
  const f64 = dtype === "f64";
  if (out instanceof Float64Array !== f64 || b instanceof Float64Array !== f64) return false;
  const { heap, exports } = w;
  const E = f64 ? 8 : 4;
  const bLen = (op === "nn" ? cols : rows) * n,
    oLen = (op === "nn" ? rows : cols) * n;
  const bPtr = placed(heap, "b", b, bLen, E);
  if (bPtr < 0) return false;
  const oRes = heap.offsetOf(out);
  const oPtr = oRes >= 0 ? oRes : scratchFor(heap, "o", oLen * E);
  if (oPtr < 0) return false;
  const kernel =
    op === "nn"
      ? f64
        ? exports.f64_spmm_rows
        : exports.f32_spmm_rows
      : f64
        ? exports.f64_scatter_rows
        : exports.f32_scatter_rows;
  kernel(oPtr, bPtr, rows, cols, n, ptr, idx, val);
  if (oRes < 0) copyOut(heap, dtype, out, oPtr, 0, oLen);
  return true;
}

/**
 * y[0..n) += alpha · x[0..n) (BLAS axpy, the SGD update) in wasm SIMD, copying operands that are
 * not resident in and y back out: the same bits as kernels/elementwise.ts axpy in both dtypes
 * (float32 is computed in float64 and rounded once, as the JS loop does). Returns false, having
 * written nothing, for mixed dtypes or without the kernels.
 *
 * Measured (bench/sgd-update.ts, best of many warm calls): a 784×50 float32 update takes 39 µs
 * in the TS loop, 33 µs copied in and out, 20 µs resident; inside a training run, where the
 * arrays come from cache less warm, sgd through this kernel saved 60-90 µs a step.
 */
export function axpyWasm(y: Buf, alpha: number, x: Buf, n: number): boolean {
  const w = wasmGemm();
  if (!w) return false;
  const f64 = y instanceof Float64Array;
  if (x instanceof Float64Array !== f64) return false;
  if (n === 0) return true;
  const { heap, exports } = w;
  const E = f64 ? 8 : 4;
  const xPtr = placed(heap, "b", x, n, E);
  if (xPtr < 0) return false;
  const yRes = heap.offsetOf(y);
  const yPtr = yRes >= 0 ? yRes : scratchFor(heap, "o", n * E);
  if (yPtr < 0) return false;
  if (yRes < 0) copyIn(heap, yPtr, y, 0, n);
  (f64 ? exports.f64_axpy : exports.f32_axpy)(yPtr, alpha, xPtr, n);
  if (yRes < 0) copyOut(heap, f64 ? "f64" : "f32", y, yPtr, 0, n);
  return true;
}
