// The operands of bench/split-products.ts, built in one thread's wasm memory: a batch of real
// MNIST rows, W₁ and dZ, and the nonzero lists for the whole products or one thread's half.
import {
  allocResident,
  allocRowLists,
  listNonzeros,
  reserveResident,
  scatterRows,
  spmmRows,
} from "../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../src/random/rng.js";
import { mnistRows } from "./mnist-rows.js";

export const B = 100,
  I = 784,
  H = 50;

/** A batch of 100 training rows, W₁ ~ N(0, 0.01²)-like values and dZ of the size of a real step's. */
export function batchRows(): { X: Float32Array; W1: Float32Array; dZ: Float32Array } {
  const g = rng(3);
  const X = mnistRows(Int32Array.from({ length: B }, () => g.int(60000)));
  const W1 = Float32Array.from({ length: I * H }, () => (g.next() - 0.5) * 0.02);
  const dZ = Float32Array.from({ length: B * H }, () => (g.next() - 0.5) * 1e-3);
  return { X, W1, dZ };
}

/**
 * The products for `half` (-1: all of them; 0 or 1: rows 50·half.. of X·W₁ and input columns
 * 392·half.. of Xᵀ·dZ), every operand resident, lists made once.
 */
export function halves(X: Float32Array, W1: Float32Array, dZ: Float32Array, half: number) {
  const rows = half < 0 ? B : B / 2,
    cols = half < 0 ? I : I / 2;
  reserveResident((rows * I + B * cols) * 12 + (I * H + B * H + rows * H + cols * H) * 4 + (1 << 20));
  const place = (src: Float32Array): Float32Array => {
    const r = allocResident("f32", src.length) as Float32Array | null;
    if (!r) throw new Error("bench/split-products: needs the wasm kernels");
    r.set(src);
    return r;
  };
  const r0 = half < 0 ? 0 : half * rows,
    c0 = half < 0 ? 0 : half * cols;
  const xRows = place(X.subarray(r0 * I, (r0 + rows) * I));
  const xCols = place(
    Float32Array.from({ length: B * cols }, (_, i) => X[Math.floor(i / cols) * I + c0 + (i % cols)]!),
  );
  const w = place(W1),
    d = place(dZ);
  const z = place(new Float32Array(rows * H)),
    dW1 = place(new Float32Array(cols * H));
  const fwd = allocRowLists("f32", rows, I, H),
    bwd = allocRowLists("f32", B, cols, H);
  if (!fwd || !bwd || listNonzeros(fwd, xRows, rows) < 0 || listNonzeros(bwd, xCols, B) < 0)
    throw new Error("bench/split-products: could not list the batch");
  return {
    z,
    dW1,
    forward: () => spmmRows(z, fwd, rows, w),
    backward: () => scatterRows(dW1, bwd, B, d),
  };
}
