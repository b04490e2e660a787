// The oracle itself, checked against hand values and NumPy's float64 products.
import { describe, expect, it } from "vitest";
import { gemmNaive } from "../../src/kernels/gemm-naive.js";
import fixture from "../fixtures/core/numpy.json";
import { bufOf, expectClose, fixtureBuf, flat, fromBuf, refMatmul, refTranspose, toBuf } from "./reference.js";

const ops = fixture.ops;

describe("gemmNaive", () => {
  it("computes a 2×3 · 3×2 product by hand", () => {
    const a = toBuf(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      "f64",
    );
    const b = toBuf(
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
      "f64",
    );
    const out = bufOf("f64", 4);
    gemmNaive(out, a, b, 2, 3, 2, false, false);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
  });

  it("matches NumPy's A @ B and its transposed forms", () => {
    const A = fixtureBuf(ops.A),
      B = fixtureBuf(ops.B);
    const a = fromBuf(A, 7, 13),
      b = fromBuf(B, 13, 5);
    // NumPy sums in another order, so agreement is relative to the size of the summed terms.
    const scale = (x: number[][], y: number[][]) => flat(refMatmul(x, y).scale);
    const out = bufOf("f64", 7 * 5);
    gemmNaive(out, A, B, 7, 13, 5, false, false);
    expectClose(out, fixtureBuf(ops["A@B"]), "f64", scale(a, b));
    // Aᵀ·A: A read as transposed on the left.
    const ata = bufOf("f64", 13 * 13);
    gemmNaive(ata, A, A, 13, 7, 13, true, false);
    expectClose(ata, fixtureBuf(ops["A.T@A"]), "f64", scale(refTranspose(a), a));
    // Bᵀ·B with Bᵀ stored on the right and read transposed: (Bᵀ)ᵀ = B.
    const Bt = toBuf(refTranspose(b), "f64");
    const btb = bufOf("f64", 25);
    gemmNaive(btb, Bt, Bt, 5, 13, 5, false, true);
    expectClose(btb, fixtureBuf(ops["B.T@B.T.T"]), "f64", scale(refTranspose(b), b));
  });
});
