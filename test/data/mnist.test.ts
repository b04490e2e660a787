import { describe, expect, expectTypeOf, it } from "vitest";
import { DataError } from "../../src/data/data-error.js";
import { encodeIdx, parseIdx } from "../../src/data/idx.js";
import { problem } from "./data-problem.js";
import {
  imagesFromIdx,
  labeledImages,
  labelsFromIdx,
  mnistFromBytes,
  mnistLikeFromBytes,
  type Mnist,
  type MnistBytes,
  type MnistLike,
} from "../../src/data/mnist.js";
import { Matrix } from "../../src/shape/tensor.js";
import { rng } from "../../src/random/rng.js";

// Two hand-typed 2×2 images: pixels 0, 255, 51, 102 and 255, 0, 0, 1.
const IMAGES = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 51, 102, 255, 0, 0, 1);
const LABELS = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 3, 9);

/** A small MNIST-like set: `n` images of h×w with pixels and labels from a seeded generator. */
function fakeSet(n: number, h: number, w: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const g = rng(seed);
  return {
    images: encodeIdx(
      "u8",
      [n, h, w],
      Array.from({ length: n * h * w }, () => g.int(256)),
    ),
    labels: encodeIdx(
      "u8",
      [n],
      Array.from({ length: n }, () => g.int(10)),
    ),
  };
}

function bytesOf(train: ReturnType<typeof fakeSet>, test: ReturnType<typeof fakeSet>): MnistBytes {
  return {
    trainImages: { file: "train-images", bytes: train.images },
    trainLabels: { file: "train-labels", bytes: train.labels },
    testImages: { file: "test-images", bytes: test.images },
    testLabels: { file: "test-labels", bytes: test.labels },
  };
}

describe("imagesFromIdx / labelsFromIdx", () => {
  it("scales pixels to float32 in [0, 1], one image per row", () => {
    const { images, height, width } = imagesFromIdx(IMAGES, "img");
    expect([images.rows, images.cols, height, width, images.dtype]).toEqual([2, 4, 2, 2, "f32"]);
    expect(Array.from(images.data)).toEqual(Array.from(Float32Array.from([0, 1, 0.2, 0.4, 1, 0, 0, 1 / 255])));
  });

  it("converts every byte value exactly as p / 255 rounded to float32 (any length, any alignment)", () => {
    for (const offset of [0, 1, 2, 3]) {
      const n = 256 + 3; // not a multiple of 4, so the tail loop runs too
      const file = encodeIdx(
        "u8",
        [1, 1, n],
        Array.from({ length: n }, (_, i) => i % 256),
      );
      const shifted = new Uint8Array(file.length + offset);
      shifted.set(file, offset);
      const { images } = imagesFromIdx(shifted.subarray(offset), "img");
      for (let i = 0; i < n; i++) expect(images.data[i]).toBe(Math.fround((i % 256) / 255));
    }
  });

  it("reads labels into a copy that does not hold on to the file's bytes", () => {
    const labels = labelsFromIdx(LABELS, "lbl");
    expect(Array.from(labels)).toEqual([3, 9]);
    expect(labels.buffer).not.toBe(LABELS.buffer);
  });

  it("refuses a label above 9, or above classes - 1", () => {
    expect(problem(() => labelsFromIdx(encodeIdx("u8", [3], [1, 12, 3]), "lbl"))).toBe(
      "lbl: label 12 at index 1 is above 9",
    );
    expect(problem(() => labelsFromIdx(encodeIdx("u8", [2], [1, 3]), "lbl", 3))).toBe(
      "lbl: label 3 at index 1 is above 2",
    );
    expect(Array.from(labelsFromIdx(encodeIdx("u8", [1], [25]), "lbl", 26))).toEqual([25]);
    expect(() => labelsFromIdx(LABELS, "lbl", 0)).toThrow(RangeError);
  });

  it("refuses a label file given as images and the other way round", () => {
    expect(problem(() => imagesFromIdx(LABELS, "lbl"))).toBe(
      "lbl: wrong magic number 0x00000801: it declares 1 dim, expected 3 for an image file (count, height, width)",
    );
    expect(problem(() => labelsFromIdx(IMAGES, "img"))).toBe(
      "img: wrong magic number 0x00000803: it declares 3 dims, expected 1 for a label file (count)",
    );
    expect(problem(() => imagesFromIdx(encodeIdx("f32", [1, 1, 1], [0.5]), "img"))).toMatch(
      /wrong element type 0x0d \(float32\)/,
    );
  });

  it("refuses images too large to index even when the count is zero", () => {
    const empty = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    expect(problem(() => imagesFromIdx(empty, "img"))).toMatch(
      /^img: images of 4294967295×4294967295 pixels are too large/,
    );
    expect(imagesFromIdx(encodeIdx("u8", [0, 28, 28], []), "img").images.rows).toBe(0);
  });
});

describe("labeledImages / mnistLikeFromBytes / mnistFromBytes", () => {
  it("pairs images with labels and refuses differing counts, naming both files", () => {
    const set = labeledImages({ file: "img", bytes: IMAGES }, { file: "lbl", bytes: LABELS });
    expect(Array.from(set.labels)).toEqual([3, 9]);
    expect(
      problem(() =>
        labeledImages({ file: "img", bytes: IMAGES }, { file: "lbl", bytes: encodeIdx("u8", [3], [1, 2, 3]) }),
      ),
    ).toBe("lbl: has 3 labels but img has 2 images");
  });

  it("gives dynamic dims for other sizes and refuses train/test of different image sizes", () => {
    const m = mnistLikeFromBytes(bytesOf(fakeSet(5, 3, 4, 1), fakeSet(2, 3, 4, 2)));
    expectTypeOf(m.train.images).toEqualTypeOf<Matrix<number, number>>();
    expect([m.train.images.rows, m.train.images.cols, m.test.images.rows]).toEqual([5, 12, 2]);
    expect(problem(() => mnistLikeFromBytes(bytesOf(fakeSet(5, 3, 4, 1), fakeSet(2, 4, 3, 2))))).toBe(
      "test-images: images are 4×3 but train-images has 3×4",
    );
  });

  it("types the standard sizes only after checking them", () => {
    expect(problem(() => mnistFromBytes(bytesOf(fakeSet(5, 28, 28, 1), fakeSet(2, 28, 28, 2))))).toBe(
      "train-images: expected MNIST's 60000 training images of 28×28, got 5 of 28×28 (load other sizes with the MnistLike loaders)",
    );
    const g = rng(3);
    const std = (n: number) => ({
      images: encodeIdx("u8", [n, 28, 28], new Uint8Array(n * 784)),
      labels: encodeIdx(
        "u8",
        [n],
        Array.from({ length: n }, () => g.int(10)),
      ),
    });
    const m = mnistFromBytes(bytesOf(std(60000), std(10000)));
    expectTypeOf(m.train.images).toEqualTypeOf<Matrix<60000, 784>>();
    expectTypeOf(m.test.images).toEqualTypeOf<Matrix<10000, 784>>();
    expect([m.train.images.rows, m.test.images.rows, m.test.images.cols]).toEqual([60000, 10000, 784]);
    expect(problem(() => mnistFromBytes(bytesOf(std(60000), fakeSet(10000, 28, 27, 4))))).toMatch(
      /^test-images: images are 28×27/,
    );
  });
});

describe("types (checked by tsc: each @ts-expect-error must meet an error)", () => {
  it("keeps the standard sets apart and dynamic sets dynamic", () => {
    const compileOnly = (m: Mnist, like: MnistLike) => {
      const train: Matrix<60000, 784> = m.train.images;
      // @ts-expect-error the test images (10000 rows) are not a training matrix (60000 rows)
      const wrong: Matrix<60000, 784> = m.test.images;
      // @ts-expect-error a set of unknown size is not the standard set until checked
      const unchecked: Matrix<60000, 784> = like.train.images;
      const dynamic: Matrix<number, number> = m.test.images; // static dims widen to dynamic
      return [train, wrong, unchecked, dynamic];
    };
    expect(typeof compileOnly).toBe("function");
  });
});

describe("fuzz: mutated files", () => {
  // 10,000 seeded mutations of a small valid pair of files. Whatever the bytes, the parsers may
  // only succeed with consistent output or throw DataError: no TypeError, RangeError, ShapeError
  // from deeper down, and no case slow enough to suggest a runaway loop or allocation.
  it("lets only DataError escape, and never hangs", () => {
    const g = rng(20240605);
    const base = fakeSet(6, 4, 5, 7);
    const mutate = (src: Uint8Array): Uint8Array => {
      let b: Uint8Array = src.slice();
      const count = 1 + g.int(3);
      for (let k = 0; k < count; k++) {
        const at = b.length === 0 ? 0 : g.int(b.length);
        switch (g.int(8)) {
          case 0:
            if (b.length > 0) b[at] = b[at]! ^ (1 << g.int(8));
            break; // flip a bit
          case 1:
            if (b.length > 0) b[at] = g.int(256);
            break; // random byte
          case 2:
            b = b.slice(0, g.int(b.length + 1));
            break; // truncate
          case 3:
            b = Uint8Array.of(...b, ...Array.from({ length: 1 + g.int(8) }, () => g.int(256)));
            break; // append
          case 4:
            if (b.length > 4) b[g.int(4)] = g.int(256);
            break; // magic number
          case 5: {
            // a dim: random, zero, or huge
            const d = g.int(4) * 4 + 4;
            const v = [0, 0xffffffff, g.nextUint32(), g.int(40)][g.int(4)]!;
            if (b.length >= d + 4) new DataView(b.buffer, b.byteOffset).setUint32(d, v, false);
            break;
          }
          case 6:
            b = Uint8Array.of(...b.subarray(0, at), ...b.subarray(at + 1));
            break; // delete a byte
          default:
            b = Uint8Array.of(...b.subarray(0, at), g.int(256), ...b.subarray(at));
            break; // insert a byte
        }
      }
      return b;
    };
    const outcomes = new Map<string, number>();
    let slowest = 0;
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const which = g.int(3); // mutate the images, the labels, or both
      const images = which !== 1 ? mutate(base.images) : base.images;
      const labels = which !== 0 ? mutate(base.labels) : base.labels;
      const s = performance.now();
      let outcome = "ok";
      try {
        const set = labeledImages({ file: "img", bytes: images }, { file: "lbl", bytes: labels });
        // Success must mean a consistent set.
        expect(set.images.rows).toBe(set.labels.length);
        expect(set.images.cols).toBe(set.height * set.width);
        for (const x of set.images.data) if (!(x >= 0 && x <= 1)) throw new Error(`pixel ${x} outside [0, 1]`);
        for (const l of set.labels) if (l > 9) throw new Error(`label ${l} above 9`);
        parseIdx(images, "img"); // the untyped parser must accept whatever the typed one did
      } catch (e) {
        if (!(e instanceof DataError))
          throw new Error(
            `case ${i}: ${String(e)} escaped (images ${Array.from(images)}, labels ${Array.from(labels)})`,
          );
        outcome = e.problem
          .replace(/0x[0-9a-f]+|\d+/g, "#")
          .split(":")[0]!
          .slice(0, 40);
      }
      try {
        // The untyped parser on its own, where a mutated type code may pick a multi-byte decoder.
        const a = parseIdx(images, "img");
        expect(a.data.length).toBe(a.dims.reduce((p, d) => p * d, 1));
      } catch (e) {
        if (!(e instanceof DataError))
          throw new Error(`case ${i}: parseIdx let ${String(e)} escape (bytes ${Array.from(images)})`);
      }
      slowest = Math.max(slowest, performance.now() - s);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    const total = performance.now() - t0;
    // The mutations must reach both success and many distinct refusals, or the test proves little.
    expect(outcomes.get("ok") ?? 0).toBeGreaterThan(100);
    expect(outcomes.size).toBeGreaterThan(8);
    // "Nothing hangs": generous limits (a case takes ~1 ms) so a busy CI machine cannot flake them.
    expect(slowest).toBeLessThan(2_000);
    expect(total).toBeLessThan(60_000);
    if (process.env.FUZZ_REPORT) console.log(total.toFixed(0), "ms", slowest.toFixed(1), "ms max", outcomes);
  });
});
