// Which family of kernel implementations runs, and on how many threads: process-wide settings,
// each read once from the environment. They are configuration, not API: the root entry does not
// export them; tests and benchmarks import them from here. The family decides every dispatch
// that has a WebAssembly variant: the GEMM products, the fused bias + activation loops, the SGD
// update's axpy, and whether the trainers place their workspaces in wasm memory.

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

// The thread count: how many threads the evaluation passes (predict, accuracy) share their rows
// among, the calling thread included. "auto" (the default) is what the machine runs at once
// (os.availableParallelism() in Node; 1 where no thread provider is installed, e.g. a browser
// page). 1 keeps everything on the calling thread: the single-threaded path, which stays the
// fallback and the oracle (the threaded one computes the same bits).

/** A thread count: a whole number >= 1, or "auto" for what the machine has. */
export type ThreadSetting = number | "auto";

function checkThreads(v: unknown, where: string): ThreadSetting {
  if (v === "auto" || (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 256)) return v;
  throw new RangeError(`${where} must be "auto" or a whole number from 1 to 256, got ${JSON.stringify(v)}`);
}

// TYPED_TENSOR_THREADS=auto|N, read once at load (like TYPED_TENSOR_KERNELS).
function threadsFromEnv(): ThreadSetting {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.TYPED_TENSOR_THREADS;
  if (v === undefined || v === "" || v === "auto") return "auto";
  return checkThreads(/^[0-9]+$/.test(v) ? Number(v) : v, "TYPED_TENSOR_THREADS");
}

let threads: ThreadSetting = threadsFromEnv();

/** Chooses the thread count (tests and benchmarks compare 1 with all); returns the previous one. */
export function setThreads(n: ThreadSetting): ThreadSetting {
  const next = checkThreads(n, "setThreads: the thread count");
  const prev = threads;
  threads = next;
  return prev;
}

/** The thread count setting in effect ("auto" is resolved by src/kernels/threads/provider.ts). */
export function threadSetting(): ThreadSetting {
  return threads;
}
