// Compressed rows held in wasm memory (src/kernels/wasm/held-rows.ts): a product from any window
// of them must be the product from the same rows listed (the bits an evaluation counts with),
// for any width of B, one after another; holding must not take a pinned memory's room; and the
// blocks go back to the heap when released.
import { describe, expect, it } from "vitest";
import { rng } from "../../src/random/rng.js";
import { compressRows, listRows } from "../../src/kernels/sparse-rows.js";
import {
  allocResident,
  allocRowLists,
  freeResident,
  freeRowLists,
  spmmRows,
  wasmGemm,
} from "../../src/kernels/wasm/gemm-wasm.js";
import { holdRows, releaseRows, spmmHeld } from "../../src/kernels/wasm/held-rows.js";
import type { Buf, DType } from "../../src/shape/dtype.js";

const plain = (bytes: number) => new ArrayBuffer(bytes);
const heap = () => wasmGemm()!.heap;

/** Mostly zeros, with NaN, -0, infinities and subnormals among the rest. */
function rows(dtype: DType, n: number, cols: number, seed: number): Buf {
  const g = rng(seed);
  const x = dtype === "f64" ? new Float64Array(n * cols) : new Float32Array(n * cols);
  const specials = [-0, NaN, Infinity, -Infinity, 1e-40, 0.25];
  for (let i = 0; i < x.length; i++) {
    const u = g.next();
    if (u < 0.8) continue;
    x[i] = u < 0.81 ? specials[g.int(specials.length)]! : g.next() * 2 - 1;
  }
  return x;
}

function random(dtype: DType, length: number, seed: number): Buf {
  const g = rng(seed);
  const a = dtype === "f64" ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = g.next() * 2 - 1;
  return a;
}

const bits = (v: Buf) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

describe("spmmHeld", () => {
  for (const dtype of ["f32", "f64"] as const) {
    it(`${dtype}: any window of the held rows gives the listed rows' product, bit for bit, for B of any width`, () => {
      const n = 90,
        cols = 131,
        E = dtype === "f64" ? 8 : 4;
      const x = rows(dtype, n, cols, 3);
      const csr = compressRows(x, n, cols, plain);
      const held = holdRows(csr)!;
      expect(held).not.toBeNull();
      // Widths in turn, and back: the held column offsets are rescaled each time.
      for (const [width, r0, count] of [
        [50, 0, 40],
        [7, 33, 57],
        [50, 89, 1],
        [16, 10, 0],
      ] as const) {
        const b = random(dtype, cols * width, width);
        const lists = allocRowLists(dtype, Math.max(count, 1), cols, width)!;
        listRows(lists.ptr, lists.idx, lists.val, width * E, csr, null, r0, count);
        const want = dtype === "f64" ? new Float64Array(count * width) : new Float32Array(count * width);
        const got = dtype === "f64" ? new Float64Array(count * width) : new Float32Array(count * width);
        expect(spmmRows(want, lists, count, b)).toBe(true);
        expect(spmmHeld(got, held, r0, count, b, width)).toBe(true);
        expect(bits(got), `width ${width}, rows ${r0}+${count}`).toEqual(bits(want));
        freeRowLists(lists);
      }
      releaseRows(held);
    });
  }

  it("refuses a window past the rows, another dtype's operands, and rows already released", () => {
    const csr = compressRows(rows("f32", 20, 30, 1), 20, 30, plain);
    const held = holdRows(csr)!;
    const b = random("f32", 30 * 8, 2);
    const out = new Float32Array(20 * 8);
    expect(spmmHeld(out, held, 15, 6, b, 8)).toBe(false);
    expect(spmmHeld(out, held, -1, 2, b, 8)).toBe(false);
    expect(spmmHeld(new Float64Array(20 * 8), held, 0, 20, random("f64", 30 * 8, 2), 8)).toBe(false);
    expect(spmmHeld(out, held, 0, 20, b, 8)).toBe(true);
    releaseRows(held);
    expect(spmmHeld(out, held, 0, 20, b, 8)).toBe(false);
    releaseRows(held); // a second release is a no-op
  });
});

describe("holdRows", () => {
  it("copies the rows into the kernels' memory, and gives the room back when released", () => {
    const n = 500,
      cols = 200;
    const csr = compressRows(rows("f32", n, cols, 4), n, cols, plain);
    const nnz = csr.ptr[n]!;
    const before = heap().usedBytes;
    const held = holdRows(csr)!;
    // ptr, then 4 bytes of column and 4 of value per entry (plus alignment).
    expect(heap().usedBytes - before).toBeGreaterThanOrEqual((n + 1) * 4 + nnz * 8);
    expect(held.nnz).toBe(nnz);
    releaseRows(held);
    expect(heap().usedBytes).toBe(before);
  });

  it("holds nothing while resident arrays pin the memory (their room stays theirs)", () => {
    const csr = compressRows(rows("f32", 40, 30, 5), 40, 30, plain);
    const pin = allocResident("f32", 16)!;
    const before = heap().usedBytes;
    expect(holdRows(csr)).toBeNull();
    expect(heap().usedBytes).toBe(before);
    freeResident(pin);
    const held = holdRows(csr);
    expect(held).not.toBeNull();
    releaseRows(held!);
  });
});
