// Compressed rows (CSR) of a row-major matrix: each row's nonzeros, in increasing column order.
// A sparse input (MNIST's images are 81% zeros) is read far more often than it is written: every
// training step gathers 100 random rows and lists their nonzeros, every evaluation lists all of
// them. Compressed once, a step copies ~150 entries a row instead of finding them among 784
// values spread over 49 cache lines, and nothing has to be listed again.
//
// "Nonzero" is the wasm lister's test (gemm.wat T_compact_rows: x != 0), so NaN is kept and -0
// is dropped, and the lists built here are the ones it would build: the same products, the same
// bits. The storage may be a SharedArrayBuffer (so helper threads read it without a copy): V8
// reads one element-wise at ordinary speed, and a batch's rows are short runs, so plain loops;
// an evaluation's chunk is one long run, whose values one TypedArray.set copies faster than the
// loop even out of shared memory (360 against 480 µs for 1,000 MNIST rows, measured).
import type { Buf, DType } from "../shape/dtype.js";

/** Row r's entries are ptr[r] .. ptr[r + 1] - 1 of col and val. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  /** rows + 1 offsets, ptr[0] = 0. */
  readonly ptr: Int32Array;
  /** Column of each entry: 16 bits wide when the columns fit (MNIST's 784 do). */
  readonly col: Uint16Array | Int32Array;
  readonly val: Buf;
}

/** Where the arrays' memory comes from (a SharedArrayBuffer to share with helper threads). */
export type CsrMemory = (bytes: number) => ArrayBufferLike;

/** The nonzeros of `x` (rows × cols, row-major), counted first so each array is allocated once. */
export function compressRows(x: Buf, rows: number, cols: number, memory: CsrMemory): Csr {
  const dtype: DType = x instanceof Float64Array ? "f64" : "f32";
  const ptr = new Int32Array(memory((rows + 1) * 4));
  let nnz = 0;
  for (let r = 0, a = 0; r < rows; r++) {
    for (const end = a + cols; a < end; a++) if (x[a] !== 0) nnz++;
    // Offsets are int32: a matrix with more nonzeros could not be stored as one anyway.
    if (nnz > 0x7fffffff) throw new RangeError(`sparseRows: more than 2^31 - 1 nonzeros (at row ${r})`);
    ptr[r + 1] = nnz;
  }
  const col = cols <= 0x10000 ? new Uint16Array(memory(nnz * 2)) : new Int32Array(memory(nnz * 4));
  const val = dtype === "f64" ? new Float64Array(memory(nnz * 8)) : new Float32Array(memory(nnz * 4));
  let k = 0;
  for (let r = 0, a = 0; r < rows; r++, a += cols) {
    for (let c = 0; c < cols; c++) {
      const v = x[a + c]!;
      if (v !== 0) {
        col[k] = c;
        val[k++] = v;
      }
    }
  }
  return { rows, cols, dtype, ptr, col, val };
}

/** Nonzeros in `count` rows: rows indices[0..count) when given, else r0 .. r0 + count - 1. */
export function countRows(csr: Csr, indices: ArrayLike<number> | null, r0: number, count: number): number {
  if (!indices) return csr.ptr[r0 + count]! - csr.ptr[r0]!;
  let n = 0;
  for (let r = 0; r < count; r++) {
    const i = indices[r]!;
    n += csr.ptr[i + 1]! - csr.ptr[i]!;
  }
  return n;
}

/**
 * Lists `count` rows (as countRows picks them) the way the wasm lister does: row r's entries at
 * ptr[r] .. ptr[r + 1] - 1 of idx (column · stride, the byte offset of the row it pairs with) and
 * val. The arrays must hold the entries (countRows). Returns their number.
 */
export function listRows(
  ptr: Int32Array,
  idx: Int32Array,
  val: Buf,
  stride: number,
  csr: Csr,
  indices: ArrayLike<number> | null,
  r0: number,
  count: number,
): number {
  const { ptr: rp, col, val: rv } = csr;
  if (!indices) {
    // A range (an evaluation's chunk) is one run of entries: the values go in one copy (a
    // quarter less time per chunk than the loop, measured), the offsets in one loop.
    const p0 = rp[r0]!,
      p1 = rp[r0 + count]!;
    for (let r = 0; r <= count; r++) ptr[r] = rp[r0 + r]! - p0;
    for (let p = p0; p < p1; p++) idx[p - p0] = col[p]! * stride;
    val.set(rv.subarray(p0, p1));
    return p1 - p0;
  }
  let k = 0;
  for (let r = 0; r < count; r++) {
    const i = indices[r]!;
    ptr[r] = k;
    for (let p = rp[i]!, end = rp[i + 1]!; p < end; p++, k++) {
      idx[k] = col[p]! * stride;
      val[k] = rv[p]!;
    }
  }
  ptr[count] = k;
  return k;
}

/** Writes `count` rows (as countRows picks them) densely into out (count × cols, row-major). */
export function expandRows(out: Buf, csr: Csr, indices: ArrayLike<number> | null, r0: number, count: number): void {
  const { ptr: rp, col, val: rv, cols } = csr;
  out.fill(0, 0, count * cols);
  for (let r = 0; r < count; r++) {
    const i = indices ? indices[r]! : r0 + r;
    const o = r * cols;
    for (let p = rp[i]!, end = rp[i + 1]!; p < end; p++) out[o + col[p]!] = rv[p]!;
  }
}

/**
 * Writes `rows` listed rows (as listRows or the wasm lister leave them: idx holds column · stride)
 * densely into out (rows × cols, row-major).
 */
export function expandLists(
  out: Buf,
  ptr: Int32Array,
  idx: Int32Array,
  val: Buf,
  stride: number,
  rows: number,
  cols: number,
): void {
  out.fill(0, 0, rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let p = ptr[r]!, end = ptr[r + 1]!; p < end; p++) out[o + idx[p]! / stride] = val[p]!;
  }
}
