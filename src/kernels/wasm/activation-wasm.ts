// The hidden layer's fused bias + sigmoid in WebAssembly SIMD (scripts/wasm/gen-activation.ts),
// and the exp of a float32 softmax: float32 only, in the same memory as the GEMM kernels, so arrays resident there are used in
// place and others are copied in and out like the GEMM's operands.
import type { Buf } from "../../shape/dtype.js";
import { ACTIVATION_WASM_BASE64 } from "./activation-wasm-bytes.js";
import type { WasmHeap } from "./heap.js";
import { loadModule, type LoadedModule } from "./load-module.js";

interface ActivationExports {
  f32_bias_sigmoid(z: number, b: number, rows: number, cols: number): void;
  f32_sigmoid_backward(d: number, y: number, db: number, rows: number, cols: number): void;
  f32_exp_nonpos(p: number, len: number): void;
}

let loaded: LoadedModule<ActivationExports> | null | undefined;

function load(): LoadedModule<ActivationExports> | null {
  if (loaded === undefined) {
    const m = loadModule<ActivationExports>(ACTIVATION_WASM_BASE64);
    loaded = typeof m === "string" ? null : m;
  }
  return loaded;
}

/**
 * z[i, j] = σ(z[i, j] + b[j]) in place for a rows × cols float32 z, with a SIMD exp (about 1 ulp
 * of float32 from the exact value; see gen-activation.ts). Returns false, leaving z untouched,
 * when it cannot run (float64, no WebAssembly SIMD, no room): the caller then runs its own loop.
 */
export function biasSigmoidWasm(z: Buf, b: Buf, rows: number, cols: number): boolean {
  if (!(z instanceof Float32Array) || !(b instanceof Float32Array)) return false;
  const w = load();
  if (!w) return false;
  if (rows === 0 || cols === 0) return true;
  const { heap } = w;
  const n = rows * cols;
  const zp = staged(heap, "act.z", z, n),
    bp = staged(heap, "act.b", b, cols);
  if (zp < 0 || bp < 0) return false;
  w.exports.f32_bias_sigmoid(zp, bp, rows, cols);
  if (zp !== heap.offsetOf(z)) z.set(heap.view("f32", zp, n));
  return true;
}

/** Where the first n elements of `a` are in wasm memory: in place when resident, else copied into
 * the scratch block `role`; -1 when there is no room. */
function staged(heap: WasmHeap, role: string, a: Float32Array, n: number): number {
  const at = heap.offsetOf(a);
  if (at >= 0) return at;
  const s = heap.scratch(role, n * 4);
  if (s >= 0) heap.copyIn(s, n === a.length ? a : a.subarray(0, n));
  return s;
}

/**
 * d[i, j] *= y[i, j]·(1 - y[i, j]) in place and db[j] = Σ_i d[i, j] (kernels/reduce.ts sumAxis0's
 * bits over the new d), for rows × cols float32 d and y that live in wasm memory (a trainer's
 * workspaces: copying them in and out would cost what the kernel saves). Returns false, having
 * written nothing, otherwise; the caller then runs its own loops.
 */
export function sigmoidBackwardWasm(d: Buf, y: Buf, db: Buf, rows: number, cols: number): boolean {
  if (!(d instanceof Float32Array) || !(y instanceof Float32Array) || !(db instanceof Float32Array)) return false;
  const w = load();
  if (!w) return false;
  const { heap } = w;
  const dp = heap.offsetOf(d),
    yp = heap.offsetOf(y);
  if (dp < 0 || yp < 0) return false;
  let bp = heap.offsetOf(db);
  const copy = bp < 0;
  if (copy) {
    bp = heap.scratch("act.db", cols * 4);
    if (bp < 0) return false;
  }
  w.exports.f32_sigmoid_backward(dp, yp, bp, rows, cols);
  if (copy) db.set(heap.view("f32", bp, cols));
  return true;
}

/**
 * p[i] = e^p[i] in place for the first n elements of a float32 p holding values <= 0 (a softmax's
 * z - max): the SIMD exp, about 1 ulp of float32 (0 below -87.3, where e^x leaves float32's
 * normal range; NaN stays NaN). Returns false, leaving p untouched, when it cannot run (float64,
 * no WebAssembly SIMD, no room); the caller then runs Math.exp.
 */
export function expNonPositiveWasm(p: Buf, n: number): boolean {
  if (!(p instanceof Float32Array)) return false;
  const w = load();
  if (!w) return false;
  if (n === 0) return true;
  const { heap } = w;
  const at = staged(heap, "act.exp", p, n);
  if (at < 0) return false;
  w.exports.f32_exp_nonpos(at, n);
  if (at !== heap.offsetOf(p)) p.set(heap.view("f32", at, n));
  return true;
}
