// The one loader of the committed wasm modules (gemm and activation): decode the base64 bytes,
// check that the engine runs them (SIMD128), and instantiate them synchronously over the one
// shared heap. Any failure leaves the caller on its TS loops and says why.
import { kernelHeap, type WasmHeap } from "./heap.js";
import { decodeBase64, webAssembly } from "./wasm-api.js";

/** A loaded module: its exports and the memory they run in. */
export interface LoadedModule<E> {
  readonly heap: WasmHeap;
  readonly exports: E;
}

/** The module, or the reason it cannot run here (no WebAssembly, no SIMD128, sync compilation
 * refused as on a browser's main thread). */
export function loadModule<E>(base64: string): LoadedModule<E> | string {
  try {
    const WA = webAssembly();
    if (!WA) return "no WebAssembly in this engine";
    const heap = kernelHeap();
    if (!heap) return "could not create a WebAssembly.Memory";
    const bytes = decodeBase64(base64);
    // WebAssembly.validate is false on engines without SIMD128: fall back instead of throwing.
    if (!WA.validate(bytes)) return "engine lacks WebAssembly SIMD128";
    const instance = new WA.Instance(new WA.Module(bytes), { env: { memory: heap.memory } });
    return { heap, exports: instance.exports as E };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
