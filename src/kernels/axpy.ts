// y += alpha·x (BLAS axpy), the SGD update, dispatched between the wasm SIMD kernel and the TS
// loop in ./elementwise. Both give the same bits (one multiply and one add per element, rounded
// the same way), so the choice is speed only.
import type { Buf } from "../shape/dtype.js";
import { axpy as axpyLoop } from "./elementwise.js";
import { kernelFamily } from "./settings.js";
import { axpyWasm } from "./wasm/gemm-wasm.js";

/** Vectors shorter than this stay in TS under "auto": the call and copies cost more. */
const WASM_MIN_AXPY = 1 << 12;

export function axpy(y: Buf, alpha: number, x: Buf, n: number): Buf {
  const f = kernelFamily();
  if (f !== "js" && (f === "wasm" || n >= WASM_MIN_AXPY) && axpyWasm(y, alpha, x, n)) return y;
  return axpyLoop(y, alpha, x, n);
}
