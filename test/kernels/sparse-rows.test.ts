// Compressed rows (src/kernels/sparse-rows.ts): the lists they give a batch must be exactly the
// wasm lister's (gemm.wat T_compact_rows) for the same rows, since the trainers take one for the
// other and promise the same bits; and expanding them must give the rows back.
import { describe, expect, it } from "vitest";
import { rng } from "../../src/random/rng.js";
import { compressRows, countRows, expandRows, listRows } from "../../src/kernels/sparse-rows.js";
import { allocResident, allocRowLists, listNonzeros, reserveResident } from "../../src/kernels/wasm/gemm-wasm.js";
import type { Buf, DType } from "../../src/shape/dtype.js";

const plain = (bytes: number) => new ArrayBuffer(bytes);

/** Rows with every awkward value: zeros, -0, NaN, infinities, subnormals, and whole zero rows. */
function awkward(dtype: DType, rows: number, cols: number, seed: number): Buf {
  const g = rng(seed);
  const x = dtype === "f64" ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  const specials = [-0, NaN, Infinity, -Infinity, 1e-40, -1e-310, 0.5, -2];
  for (let r = 0; r < rows; r++) {
    if (r % 7 === 3) continue; // an all-zero row
    for (let c = 0; c < cols; c++) {
      const u = g.next();
      if (u < 0.7) continue;
      x[r * cols + c] = u < 0.75 ? specials[g.int(specials.length)]! : g.next() * 2 - 1;
    }
  }
  return x;
}

describe("compressRows", () => {
  it("keeps each row's nonzeros in column order: NaN kept, -0 dropped, as the lister's x != 0", () => {
    const x = Float32Array.from([0, -0, 3, NaN, 0, 5, 0, 0, -0, 0, 0, 7]);
    const csr = compressRows(x, 3, 4, plain);
    expect(Array.from(csr.ptr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(csr.col)).toEqual([2, 3, 1, 3]);
    expect(Array.from(csr.val)).toEqual([3, NaN, 5, 7]);
    expect(csr.col).toBeInstanceOf(Uint16Array);
    expect(csr.val).toBeInstanceOf(Float32Array);
  });

  it("uses 32-bit columns past 65,536 columns, and the dtype's values", () => {
    const x = new Float64Array(2 * 70000);
    x[69999] = 1.5;
    x[70000 + 65536] = -2;
    const csr = compressRows(x, 2, 70000, plain);
    expect(csr.col).toBeInstanceOf(Int32Array);
    expect(csr.val).toBeInstanceOf(Float64Array);
    expect(Array.from(csr.col)).toEqual([69999, 65536]);
    expect(Array.from(csr.val)).toEqual([1.5, -2]);
  });

  it("takes its memory where it is told (shared memory, for the helper threads)", () => {
    const csr = compressRows(Float32Array.from([1, 0, 0, 2]), 2, 2, (b) => new SharedArrayBuffer(b));
    for (const a of [csr.ptr, csr.col, csr.val]) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("expands back to the rows, -0 as +0, in any order and with repeats", () => {
    for (const dtype of ["f32", "f64"] as const) {
      const x = awkward(dtype, 40, 37, 2);
      const csr = compressRows(x, 40, 37, plain);
      const whole = dtype === "f64" ? new Float64Array(40 * 37) : new Float32Array(40 * 37);
      whole.fill(9); // stale values must be overwritten
      expandRows(whole, csr, null, 0, 40);
      expect(Array.from(whole)).toEqual(Array.from(x, (v) => (Object.is(v, -0) ? 0 : v)));
      const pick = [5, 5, 39, 0, 3];
      const some = dtype === "f64" ? new Float64Array(5 * 37) : new Float32Array(5 * 37);
      expandRows(some, csr, pick, 0, 5);
      pick.forEach((i, r) =>
        expect(Array.from(some.subarray(r * 37, (r + 1) * 37))).toEqual(
          Array.from(whole.subarray(i * 37, (i + 1) * 37)),
        ),
      );
      // A range from the middle.
      expandRows(some, csr, null, 10, 3);
      expect(Array.from(some.subarray(0, 3 * 37))).toEqual(Array.from(whole.subarray(10 * 37, 13 * 37)));
    }
  });
});

describe("listRows gives the wasm lister's lists", () => {
  for (const dtype of ["f32", "f64"] as const) {
    it(`${dtype}: picked rows (with repeats) and a range, the same ptr, offsets and values bit for bit`, () => {
      const rows = 60,
        cols = 131, // not a multiple of 16: the lister's tail path too
        n = 50,
        E = dtype === "f64" ? 8 : 4;
      const x = awkward(dtype, rows, cols, 7);
      const csr = compressRows(x, rows, cols, plain);
      const B = 24;
      reserveResident(B * cols * (2 * E + 4) + (1 << 16));
      const xb = allocResident(dtype, B * cols)!;
      const lists = allocRowLists(dtype, B, cols, n)!;
      expect(xb && lists).toBeTruthy();
      const mine = {
        ptr: new Int32Array(B + 1),
        idx: new Int32Array(B * cols),
        val: dtype === "f64" ? new Float64Array(B * cols) : new Float32Array(B * cols),
      };
      const cases: [number[] | null, number][] = [
        [Array.from({ length: B }, (_, r) => (r * 17 + 3) % rows), 0],
        [Array.from({ length: B }, () => 3), 0], // one all-zero row, repeated
        [null, 30], // rows 30 .. 53
      ];
      for (const [pick, r0] of cases) {
        for (let r = 0; r < B; r++) {
          const i = pick ? pick[r]! : r0 + r;
          xb.set(x.subarray(i * cols, (i + 1) * cols), r * cols);
        }
        const want = listNonzeros(lists, xb, B);
        expect(countRows(csr, pick, r0, B)).toBe(want);
        const got = listRows(mine.ptr, mine.idx, mine.val, n * E, csr, pick, r0, B);
        expect(got).toBe(want);
        expect(Array.from(mine.ptr)).toEqual(Array.from(lists.ptr.subarray(0, B + 1)));
        expect(Array.from(mine.idx.subarray(0, got))).toEqual(Array.from(lists.idx.subarray(0, got)));
        const bits = (v: Buf, k: number) => new Uint8Array(v.buffer, v.byteOffset, k * v.BYTES_PER_ELEMENT);
        expect(Buffer.compare(bits(mine.val, got), bits(lists.val, got))).toBe(0);
      }
    });
  }
});
