// Row gather and the blocked transpose against index formulas, over shapes that cross the
// 32-wide block edge.
import { describe, expect, it } from "vitest";
import { takeRows, transpose } from "../../src/kernels/gather.js";
import { bufOf, DTYPES, fromBuf, gen, randomGrid, refTranspose, shapes2, toBuf } from "./reference.js";

describe.each(DTYPES)("gather kernels (%s)", (dtype) => {
  it("transpose matches the reference for every shape over SIZES and past one block", () => {
    for (const [r, c] of [...shapes2(), [64, 65], [65, 31], [1, 100]] as [number, number][]) {
      const a = randomGrid(gen(r * 1000 + c), r, c, dtype);
      const out = bufOf(dtype, r * c);
      expect(transpose(out, toBuf(a, dtype, c), r, c)).toBe(out);
      expect(fromBuf(out, c, r)).toEqual(refTranspose(a, c));
    }
  });

  it("takeRows copies the indexed rows in order, repeats allowed", () => {
    const a = randomGrid(gen(1), 7, 13, dtype);
    const idx = [6, 0, 0, 3, 6];
    const out = bufOf(dtype, idx.length * 13);
    expect(takeRows(out, toBuf(a, dtype), Int32Array.from(idx), idx.length, 13, 7)).toBe(out);
    expect(fromBuf(out, idx.length, 13)).toEqual(idx.map((i) => a[i]));
  });

  it("takeRows sees later writes to the source (its cached row views share its memory)", () => {
    const src = toBuf(randomGrid(gen(2), 4, 3, dtype), dtype);
    const out = bufOf(dtype, 3);
    takeRows(out, src, [2], 1, 3, 4);
    src[7] = 42;
    takeRows(out, src, [2], 1, 3, 4);
    expect(out[1]).toBe(42);
    // The same array read as another width gets views of that width.
    const wide = bufOf(dtype, 6);
    takeRows(wide, src, [1], 1, 6, 2);
    expect(Array.from(wide)).toEqual(Array.from(src.subarray(6, 12)));
  });
});
