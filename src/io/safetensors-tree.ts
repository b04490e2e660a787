// Parameter trees to and from safetensors bytes, with no file system (so the root entry point,
// which re-exports this, runs in a browser): the file-level save and load in safetensors.ts are
// thin wrappers over these.
import type { DType } from "../shape/dtype.js";
import { allocate } from "../shape/dtype.js";
import { fmtShape } from "../shape/shape-error.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import { mapTree, type Param, type ParamTree } from "../nn/params.js";
import { decodeSafetensors, SafetensorsError, tensorValues } from "./safetensors-format.js";

/** The file's dtype name for each of ours. */
export const FILE_DTYPE = { f32: "F32", f64: "F64" } as const;

/** A tensor's shape as the file states it: [rows, cols] or [size]. */
export function shapeOf(t: Param): number[] {
  return isMatrix(t) ? [t.rows, t.cols] : [t.size];
}

/** Options of loadSafetensors. */
export interface LoadOptions {
  /** Refuse tensors in the file that `expected` does not have (default true). */
  readonly strict?: boolean;
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
