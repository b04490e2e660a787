// Fused loops for the trainers' hot path, on raw arrays like the kernels: one pass where the
// layer-by-layer ops would make two (bias add, then activation; activation derivative, then
// the product with the upstream gradient). They are here, not in kernels/, because they exist
// only for the nn trainers.
import * as k from "../kernels/activation.js";
import type { Buf } from "../shape/dtype.js";
import { getGemmBackend } from "../kernels/gemm.js";
import { sumAxis0 } from "../kernels/reduce.js";
import { biasSigmoidWasm, sigmoidBackwardWasm } from "../kernels/wasm/activation-wasm.js";
import type { Activation } from "./activation.js";

/**
 * z[i, j] = act(z[i, j] + b[j]) in place, for a rows × cols z. Float32 sigmoid runs in the wasm
 * SIMD kernel where it can, unless setGemmBackend("js") asks for TS kernels (within 2 ulps of σ;
 * Math.exp costs ~20 ns an element, and this was the biggest cost of a training run after the
 * products); otherwise the loops below.
 */
export function biasActivation(z: Buf, b: Buf, rows: number, cols: number, act: Activation): void {
  if (act === "sigmoid" && getGemmBackend() !== "js" && biasSigmoidWasm(z, b, rows, cols)) return;
  biasActivationLoop(z, b, rows, cols, act);
}

/** The same in TS loops, for any dtype and activation: the fallback, and the benchmark's baseline. */
export function biasActivationLoop(z: Buf, b: Buf, rows: number, cols: number, act: Activation): void {
  if (act === "sigmoid") {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const x = z[o + j]! + b[j]!;
        // Split at 0 so exp never overflows (same values as kernels/activation.ts).
        if (x >= 0) z[o + j] = 1 / (1 + Math.exp(-x));
        else {
          const e = Math.exp(x);
          z[o + j] = e / (1 + e);
        }
      }
    }
  } else if (act === "relu") {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const x = z[o + j]! + b[j]!;
        z[o + j] = x > 0 ? x : 0;
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) z[o + j] = Math.tanh(z[o + j]! + b[j]!);
    }
  }
}

/** d[i] *= act'(x[i]), computed from the activation's output y[i]; n elements. */
export function activationGradInPlace(d: Buf, y: Buf, n: number, act: Activation): void {
  // The kernels allow out to alias dOut. relu reads y in place of x: y > 0 exactly when x > 0.
  if (act === "sigmoid") k.sigmoidBackward(d, d, y, n);
  else if (act === "relu") k.reluBackward(d, d, y, n);
  else k.tanhBackward(d, d, y, n);
}

/**
 * Backward through a hidden layer's activation and bias: d *= act'(x) (from the output y) in
 * place, then db = the column sums of d. One wasm pass for float32 sigmoid where d and y live in
 * wasm memory, else the two loops.
 */
export function activationBiasBackward(d: Buf, y: Buf, db: Buf, rows: number, cols: number, act: Activation): void {
  if (act === "sigmoid" && getGemmBackend() !== "js" && sigmoidBackwardWasm(d, y, db, rows, cols)) return;
  activationGradInPlace(d, y, rows * cols, act);
  sumAxis0(db, d, rows, cols);
}
