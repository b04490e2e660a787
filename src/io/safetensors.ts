// Saving and loading parameter trees as safetensors files (node only: the file system), so a
// model trained here opens in Python (NumPy, PyTorch) and back. Saving writes a temporary file,
// syncs it and renames it over the target, so a crash leaves the old file or the new one, never
// half a model. The bytes-level work is pure, in safetensors-params.ts.
import type { ParamTree } from "../nn/params.js";
import { writeFileAtomic } from "./write-atomic.js";
import { SafetensorsError } from "./safetensors-format.js";
import { fromSafetensorsBytes, toSafetensorsBytes, type LoadOptions } from "./safetensors-params.js";

export { fromSafetensorsBytes, type LoadOptions } from "./safetensors-params.js";

// node:fs is imported when a file is touched, not when the library loads, so the root entry
// point (which re-exports these) stays importable in a browser.
async function fs(): Promise<typeof import("node:fs/promises")> {
  return import("node:fs/promises");
}

/**
 * Writes a tree of tensors (a params record, an MLP's layers, ...) to `path` as safetensors,
 * atomically: a temporary file beside it is written, synced and renamed over `path`; on any
 * failure the temporary file is removed.
 * @example
 * ```ts
 * await saveSafetensors("model.safetensors", initTwoLayer(rng(0), 784, 50, 10), { epochs: "17" });
 * ```
 */
export async function saveSafetensors<T extends ParamTree<T>>(
  path: string,
  tensors: T,
  metadata?: Record<string, string>,
): Promise<void> {
  if (typeof path !== "string" || path === "") throw new TypeError("saveSafetensors: path must be a non-empty string");
  const bytes = toSafetensorsBytes(tensors, metadata, path);
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new SafetensorsError(
      path,
      undefined,
      `could not save: ${(e as Error).message}; the previous file, if any, is untouched`,
    );
  }
}

/**
 * Reads `path` into a new tree shaped like `expected` (a freshly initialised params record is
 * the usual template): every tensor must exist with exactly the expected shape and dtype, finite
 * unless `allowNonFinite`, and the file must be well formed; otherwise it is refused with an
 * error naming the file and the tensor, and nothing is returned.
 * @example
 * ```ts
 * const params = await loadSafetensors("model.safetensors", initTwoLayer(rng(0), 784, 50, 10));
 * ```
 */
export async function loadSafetensors<P extends ParamTree<P>>(
  path: string,
  expected: P,
  opts: LoadOptions = {},
): Promise<P> {
  if (typeof path !== "string" || path === "") throw new TypeError("loadSafetensors: path must be a non-empty string");
  const { readFile } = await fs();
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SafetensorsError(path, undefined, `could not read the file (${(e as Error).message})`);
  }
  return fromSafetensorsBytes(bytes, expected, path, opts);
}
