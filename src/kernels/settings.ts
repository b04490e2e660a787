// Which family of kernel implementations runs: one process-wide setting, read once from the
// environment. It is configuration, not API: the root entry does not export it; tests and
// benchmarks import it from here. It decides every dispatch that has a WebAssembly variant:
// the GEMM products, the fused bias + activation loops, the SGD update's axpy, and whether the
// trainers place their workspaces in wasm memory.

/** "auto": WebAssembly SIMD where available and worth it (the default); "js": the TS loops only;
 * "wasm": WebAssembly wherever available, whatever the size. */
export type KernelFamily = "auto" | "js" | "wasm";

function check(v: unknown, where: string): KernelFamily {
  if (v === "auto" || v === "js" || v === "wasm") return v;
  throw new RangeError(`${where} must be "auto", "js" or "wasm", got ${JSON.stringify(v)}`);
}

// TYPED_TENSOR_KERNELS=js|wasm|auto, read through globalThis so this file imports nothing from
// node and still bundles for a browser (where there is no process and the default applies).
function fromEnv(): KernelFamily {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.TYPED_TENSOR_KERNELS;
  return v === undefined || v === "" ? "auto" : check(v, "TYPED_TENSOR_KERNELS");
}

let family: KernelFamily = fromEnv();

/** Chooses the kernel family (tests and benchmarks compare them); returns the previous choice. */
export function setKernelFamily(f: KernelFamily): KernelFamily {
  const next = check(f, "setKernelFamily: the family");
  const prev = family;
  family = next;
  return prev;
}

/** The kernel family in effect. */
export function kernelFamily(): KernelFamily {
  return family;
}
