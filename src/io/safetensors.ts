// Saving and loading parameter trees as safetensors files, so a model trained here opens in
// Python (NumPy, PyTorch) and back. Nested records and tuples are flattened to dotted names
// ("W1", "0.W"). Saving writes a temporary file, syncs it and renames it over the target, so a
// crash leaves the old file or the new one, never half a model. Loading checks every tensor
// against an expected tree and builds a new one: a refused file changes nothing.
import type { DType } from "../shape/dtype.js";
import { allocate } from "../shape/dtype.js";
import { fmtShape } from "../shape/shape-error.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import { mapTree, paramEntries, type Param, type ParamTree } from "../nn/params.js";
import { writeFileAtomic } from "./write-atomic.js";
import { decodeSafetensors, encodeSafetensors, SafetensorsError, tensorValues, type TensorEntry } from "./safetensors-format.js";

const FILE_DTYPE = { f32: "F32", f64: "F64" } as const;

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
 * const params = initTwoLayer(rng(0), 784, 50, 10);
 * await saveSafetensors("model.safetensors", params, { epochs: "17" });
 * ```
 */
export async function saveSafetensors<T extends ParamTree<T>>(path: string, tensors: T, metadata?: Record<string, string>): Promise<void> {
  if (typeof path !== "string" || path === "") throw new TypeError("saveSafetensors: path must be a non-empty string");
  const entries: TensorEntry[] = paramEntries(tensors, `saveSafetensors(${path})`).map(([name, t]) => ({
    name, dtype: FILE_DTYPE[t.dtype], shape: shapeOf(t), data: t.data,
  }));
  const bytes = encodeSafetensors(entries, metadata, path);
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new SafetensorsError(path, undefined, `could not save: ${(e as Error).message}; the previous file, if any, is untouched`);
  }
}

function shapeOf(t: Param): number[] {
  return isMatrix(t) ? [t.rows, t.cols] : [t.size];
}

/** Options of loadSafetensors. */
export interface LoadOptions {
  /** Refuse tensors in the file that `expected` does not have (default true). */
  readonly strict?: boolean;
}

/**
 * Reads `path` into a new tree shaped like `expected` (a freshly initialised params record is
 * the usual template): every tensor must exist with exactly the expected shape and dtype, and
 * the file must be well formed; otherwise it is refused with an error naming the file and the
 * tensor, and nothing is returned.
 * @example
 * ```ts
 * const params = await loadSafetensors("model.safetensors", initTwoLayer(rng(0), 784, 50, 10));
 * ```
 */
export async function loadSafetensors<P extends ParamTree<P>>(path: string, expected: P, opts: LoadOptions = {}): Promise<P> {
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

/**
 * The bytes-level half of loadSafetensors (no file system): decodes, checks against `expected`
 * and builds a new tree.
 */
export function fromSafetensorsBytes<P extends ParamTree<P>>(bytes: Uint8Array, expected: P, file = "<memory>", opts: LoadOptions = {}): P {
  const { tensors } = decodeSafetensors(bytes, file);
  const seen = new Set<string>();
  const out = mapTree(expected, (leaf, name) => {
    const t = tensors.get(name);
    if (t === undefined) throw new SafetensorsError(file, name, `missing: the file has ${[...tensors.keys()].map((k) => `"${k}"`).join(", ") || "no tensors"}`);
    seen.add(name);
    const want = shapeOf(leaf);
    const dtype = FILE_DTYPE[leaf.dtype];
    if (t.dtype !== dtype) throw new SafetensorsError(file, name, `dtype ${t.dtype} in the file, expected ${dtype}`);
    if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      throw new SafetensorsError(file, name, `shape [${t.shape.join(", ")}] in the file, expected ${fmtShape(leaf)}`);
    }
    const data = tensorValues(t, allocate(leaf.dtype as DType, leaf.data.length), file, name);
    return isMatrix(leaf)
      ? new Matrix(data as never, leaf.rows, leaf.cols)
      : new Vector(data as never, (leaf as Vector<number, DType>).size);
  }, `loadSafetensors(${file})`);
  if (opts.strict !== false) {
    for (const name of tensors.keys()) {
      if (!seen.has(name)) throw new SafetensorsError(file, name, "in the file but not in the expected parameters (pass { strict: false } to ignore it)");
    }
  }
  return out as P;
}
