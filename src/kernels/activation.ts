// The activation table: each nonlinearity defined once, as one entry holding every loop that
// computes it. Every derivative here is read from the forward's OUTPUT y, never from x:
// sigmoid' = y(1 - y), tanh' = 1 - y², relu' = [y > 0] (y > 0 exactly where x > 0, so this is
// relu's derivative with PyTorch's subgradient 0 at 0). A backward therefore needs only y.
//
// Adding an activation (GELU, say) is one entry here plus its tests: a scalar function, the
// four loops below built on it, and optionally wasm variants (then a generator beside
// scripts/wasm/gen-activation.ts). Its derivative must be a function of y, or the entry must
// say otherwise and the layers cache x for it. Everything else (the ops, the nn layers, the
// trainers, the names accepted by `Activation`) reads this table.
//
// Loops take raw arrays, out first; `out` may alias an input (each element is read before it
// is written). The loops are written out per entry, not built by one generic driver around the
// scalar function: a shared driver's call site would see three functions and stop inlining.
import type { Buf } from "../shape/dtype.js";
import { sumAxis0 } from "./reduce.js";
import { kernelFamily } from "./settings.js";
import { biasSigmoidWasm, sigmoidBackwardWasm } from "./wasm/activation-wasm.js";

/** The loops of one activation f, all over raw arrays. */
export interface ActivationKernels {
  /** out[i] = f(x[i]). */
  forward(out: Buf, x: Buf, n: number): void;
  /** out[i] = f'(x[i]), computed from y[i] = f(x[i]). */
  derivative(out: Buf, y: Buf, n: number): void;
  /** out[i] = dOut[i] · f'(x[i]), computed from y[i] = f(x[i]). */
  backward(out: Buf, dOut: Buf, y: Buf, n: number): void;
  /** z = f(z + b) in place for a rows × cols z (b broadcast over rows): a hidden layer's bias
   * and activation in one pass, the wasm variant where one exists and the kernel family allows. */
  biasForward(z: Buf, b: Buf, rows: number, cols: number): void;
  /** d *= f'(x) (from y) in place, then db = the column sums of d: a hidden layer's activation
   * and bias backward in one call, the wasm variant where one exists and is allowed. */
  biasBackward(d: Buf, y: Buf, db: Buf, rows: number, cols: number): void;
}

const useWasm = (): boolean => kernelFamily() !== "js";

/** Split at 0 so exp never overflows: for x < 0, e^x / (1 + e^x) is the same value. */
function sigmoidOf(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const sigmoid: ActivationKernels = {
  forward(out, x, n) {
    for (let i = 0; i < n; i++) out[i] = sigmoidOf(x[i]!);
  },
  derivative(out, y, n) {
    for (let i = 0; i < n; i++) out[i] = y[i]! * (1 - y[i]!);
  },
  backward(out, dOut, y, n) {
    for (let i = 0; i < n; i++) out[i] = dOut[i]! * y[i]! * (1 - y[i]!);
  },
  // Float32 only, within 2 ulps of the loop (a SIMD exp); Math.exp costs ~20 ns an element and
  // was the biggest cost of a training run after the products.
  biasForward(z, b, rows, cols) {
    if (useWasm() && biasSigmoidWasm(z, b, rows, cols)) return;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        // Stored, then read back: the sum is rounded to the array's dtype first, as the unfused
        // add-then-sigmoid rounds it, so the two give the same bits in float32 too.
        z[o + j] += b[j]!;
        z[o + j] = sigmoidOf(z[o + j]!);
      }
    }
  },
  // The wasm variant runs only where d and y live in wasm memory (the trainers' workspaces).
  biasBackward(d, y, db, rows, cols) {
    if (useWasm() && sigmoidBackwardWasm(d, y, db, rows, cols)) return;
    sigmoid.backward(d, d, y, rows * cols);
    sumAxis0(db, d, rows, cols);
  },
};

const relu: ActivationKernels = {
  forward(out, x, n) {
    for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : 0;
  },
  derivative(out, y, n) {
    for (let i = 0; i < n; i++) out[i] = y[i]! > 0 ? 1 : 0;
  },
  backward(out, dOut, y, n) {
    for (let i = 0; i < n; i++) out[i] = y[i]! > 0 ? dOut[i]! : 0;
  },
  biasForward(z, b, rows, cols) {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        // Rounding x to the dtype at the store keeps its sign: the same bits as add-then-relu.
        const x = z[o + j]! + b[j]!;
        z[o + j] = x > 0 ? x : 0;
      }
    }
  },
  biasBackward(d, y, db, rows, cols) {
    relu.backward(d, d, y, rows * cols);
    sumAxis0(db, d, rows, cols);
  },
};

const tanh: ActivationKernels = {
  forward(out, x, n) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
  },
  derivative(out, y, n) {
    for (let i = 0; i < n; i++) out[i] = 1 - y[i]! * y[i]!;
  },
  backward(out, dOut, y, n) {
    for (let i = 0; i < n; i++) out[i] = dOut[i]! * (1 - y[i]! * y[i]!);
  },
  biasForward(z, b, rows, cols) {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        z[o + j] += b[j]!; // rounded to the dtype first, as in sigmoid's entry
        z[o + j] = Math.tanh(z[o + j]!);
      }
    }
  },
  biasBackward(d, y, db, rows, cols) {
    tanh.backward(d, d, y, rows * cols);
    sumAxis0(db, d, rows, cols);
  },
};

/** Every activation, by the name the API uses. */
export const ACTIVATIONS = { sigmoid, relu, tanh } as const;

/** The name of an activation in the table. */
export type ActivationName = keyof typeof ACTIVATIONS;
