// Parameter trees to and from safetensors bytes (pure, no file system): nested records and tuples
// are flattened to dotted names ("W1", "0.W"). Reading checks every tensor against an expected
// tree and builds a new one: a refused file changes nothing. Non-finite weights are refused unless
// asked for: they usually mean a run that diverged, and they poison everything computed from them.
import type { DType } from "../shape/dtype.js";
import { allocate } from "../shape/dtype.js";
import { fmtShape } from "../shape/shape-error.js";
import { Matrix, Vector } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import { mapTree, paramEntries, type Param, type ParamTree } from "../nn/params.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  tensorValues,
  type TensorEntry,
} from "./safetensors-format.js";

const FILE_DTYPE = { f32: "F32", f64: "F64" } as const;

function shapeOf(t: Param): number[] {
  return isMatrix(t) ? [t.rows, t.cols] : [t.size];
}

/**
 * Encodes a tree of tensors (a params record, an MLP's layers, ...) and string metadata as
 * safetensors bytes; `file` names the destination in errors.
 * @example
 * ```ts
 * const bytes = toSafetensorsBytes(initTwoLayer(rng(0), 784, 50, 10), { epochs: "17" });
 * ```
 */
export function toSafetensorsBytes<T extends ParamTree<T>>(
  tensors: T,
  metadata?: Record<string, string>,
  file = "<memory>",
): Uint8Array {
  const entries: TensorEntry[] = paramEntries(tensors, `saveSafetensors(${file})`).map(([name, t]) => ({
    name,
    dtype: FILE_DTYPE[t.dtype],
    shape: shapeOf(t),
    data: t.data,
  }));
  return encodeSafetensors(entries, metadata, file);
}

/** Options of loadSafetensors. */
export interface LoadOptions {
  /** Refuse tensors in the file that `expected` does not have (default true). */
  readonly strict?: boolean;
  /** Accept NaN and ±Infinity in the weights (default false: such a file is refused). */
  readonly allowNonFinite?: boolean;
}

/**
 * The bytes-level half of loadSafetensors (no file system): decodes, checks against `expected`
 * (names, shapes, dtypes, finite values) and builds a new tree.
 * @example
 * ```ts
 * const bytes = toSafetensorsBytes(initTwoLayer(rng(0), 4, 3, 2));
 * const params = fromSafetensorsBytes(bytes, initTwoLayer(rng(1), 4, 3, 2), "model.safetensors");
 * ```
 */
export function fromSafetensorsBytes<P extends ParamTree<P>>(
  bytes: Uint8Array,
  expected: P,
  file = "<memory>",
  opts: LoadOptions = {},
): P {
  const { tensors } = decodeSafetensors(bytes, file);
  const seen = new Set<string>();
  const out = mapTree(
    expected,
    (leaf, name) => {
      const t = tensors.get(name);
      if (t === undefined)
        throw new SafetensorsError(
          file,
          name,
          `missing: the file has ${[...tensors.keys()].map((k) => `"${k}"`).join(", ") || "no tensors"}`,
        );
      seen.add(name);
      const want = shapeOf(leaf);
      const dtype = FILE_DTYPE[leaf.dtype];
      if (t.dtype !== dtype) throw new SafetensorsError(file, name, `dtype ${t.dtype} in the file, expected ${dtype}`);
      if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
        throw new SafetensorsError(file, name, `shape [${t.shape.join(", ")}] in the file, expected ${fmtShape(leaf)}`);
      }
      const data = tensorValues(t, allocate(leaf.dtype as DType, leaf.data.length), file, name);
      if (opts.allowNonFinite !== true) {
        for (let i = 0; i < data.length; i++) {
          if (!Number.isFinite(data[i]!)) {
            throw new SafetensorsError(
              file,
              name,
              `element ${i} is ${data[i]}: non-finite weights (a diverged run?) are refused; ` +
                "pass { allowNonFinite: true } to load them anyway",
            );
          }
        }
      }
      return isMatrix(leaf)
        ? new Matrix(data as never, leaf.rows, leaf.cols)
        : new Vector(data as never, (leaf as Vector<number, DType>).size);
    },
    `loadSafetensors(${file})`,
  );
  if (opts.strict !== false) {
    for (const name of tensors.keys()) {
      if (!seen.has(name))
        throw new SafetensorsError(
          file,
          name,
          "in the file but not in the expected parameters (pass { strict: false } to ignore it)",
        );
    }
  }
  return out as P;
}
