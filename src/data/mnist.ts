// MNIST on top of the IDX parser: images become float32 rows in [0, 1], labels stay bytes. After
// the headers are checked, the standard files come back with static dims (Matrix<60000, 784>);
// other files of the same layout come back with dynamic dims. Pure: no node imports.
import { allocate } from "../shape/dtype.js";
import type { Labels } from "../nn/labels.js";
import { Matrix } from "../shape/tensor.js";
import { DataError } from "./data-error.js";
import { parseIdx } from "./idx.js";

/** Bytes and the name to report them under (a path, or any label). */
export interface NamedBytes {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** The four files of an MNIST-style data set. */
export interface MnistBytes {
  readonly trainImages: NamedBytes;
  readonly trainLabels: NamedBytes;
  readonly testImages: NamedBytes;
  readonly testLabels: NamedBytes;
}

/** Images as one row each (pixels in [0, 1]) and their labels. */
export interface LabeledImages<N extends number, P extends number> {
  /** One image per row, row-major pixels scaled to [0, 1]. */
  readonly images: Matrix<N, P>;
  /** One class per image; typed by N, so one split's labels do not fit the other's images. */
  readonly labels: Uint8Array & Labels<N>;
  /** Image height and width in pixels (28 × 28 for MNIST): rows × cols = P. */
  readonly height: number;
  readonly width: number;
}

/** The standard MNIST set, with its sizes in the types. */
export interface Mnist {
  readonly train: LabeledImages<60000, 784>;
  readonly test: LabeledImages<10000, 784>;
}

/** An MNIST-style set of any size (a subset, Fashion-MNIST, ...): dims known only at run time. */
export interface MnistLike {
  readonly train: LabeledImages<number, number>;
  readonly test: LabeledImages<number, number>;
}

/** MNIST's sizes, checked before the types claim them. */
export const MNIST_SIZES = { train: 60000, test: 10000, height: 28, width: 28, classes: 10 } as const;

// One table read per pixel instead of a divide: the conversion of 47 M pixels is then bound by
// memory, and each entry is p / 255 rounded to float32 once, as NumPy's (x / 255).astype(float32).
const PIXEL = new Float32Array(256);
for (let p = 0; p < 256; p++) PIXEL[p] = p / 255;

// Reading four pixels per 32-bit load halves the time again; the byte order of that load is the
// platform's, so big-endian machines (and unaligned views) take the plain byte loop.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** out[i] = pixels[i] / 255 as float32, for all i. */
function scalePixels(out: Float32Array, pixels: Uint8Array): void {
  const table = PIXEL;
  const n = out.length;
  let i = 0;
  if (LITTLE_ENDIAN && pixels.byteOffset % 4 === 0) {
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, n >>> 2);
    for (let w = 0; w < words.length; w++, i += 4) {
      const x = words[w]!;
      out[i] = table[x & 255]!;
      out[i + 1] = table[(x >>> 8) & 255]!;
      out[i + 2] = table[(x >>> 16) & 255]!;
      out[i + 3] = table[x >>> 24]!;
    }
  }
  for (; i < n; i++) out[i] = table[pixels[i]!]!;
}

/**
 * Parses an IDX image file (unsigned bytes, dims [count, height, width]) into a float32 matrix
 * with one image per row and pixels scaled to [0, 1].
 * @example
 * ```ts
 * const bytes = encodeIdx("u8", [2, 28, 28], new Uint8Array(2 * 784));
 * const { images } = imagesFromIdx(bytes, "t10k-images-idx3-ubyte"); // Matrix<number, number>, [2, 784]
 * ```
 */
export function imagesFromIdx(bytes: Uint8Array, file = "images"): Omit<LabeledImages<number, number>, "labels"> {
  const { dims, data } = parseIdx(bytes, file, { type: "u8", ndim: 3, what: "an image file (count, height, width)" });
  const [count, height, width] = dims as [number, number, number];
  const pixels = height * width;
  // With a zero count the file size cannot bound the other dims, so bound them here.
  if (pixels > 2 ** 31 - 1) throw new DataError(file, `images of ${height}×${width} pixels are too large`);
  const out = allocate("f32", count * pixels);
  scalePixels(out, data);
  return { images: new Matrix(out, count, pixels), height, width };
}

/**
 * Parses an IDX label file (unsigned bytes, dims [count]); every label must be below `classes`.
 * @example
 * ```ts
 * const labels = labelsFromIdx(encodeIdx("u8", [3], [7, 2, 1]), "t10k-labels-idx1-ubyte"); // Uint8Array [7, 2, 1]
 * ```
 */
export function labelsFromIdx(bytes: Uint8Array, file = "labels", classes: number = MNIST_SIZES.classes): Uint8Array {
  if (!(Number.isInteger(classes) && classes >= 1 && classes <= 256)) {
    throw new RangeError(`labelsFromIdx: classes must be a whole number in [1, 256], got ${classes}`);
  }
  const { data } = parseIdx(bytes, file, { type: "u8", ndim: 1, what: "a label file (count)" });
  for (let i = 0; i < data.length; i++) {
    if (data[i]! >= classes) throw new DataError(file, `label ${data[i]} at index ${i} is above ${classes - 1}`);
  }
  // A copy: the parsed data is a view into the file's bytes, which the caller may reuse.
  return new Uint8Array(data);
}

/**
 * Parses an image file and its label file and checks that they hold the same number of items.
 * @example
 * ```ts
 * const images = { file: "images", bytes: encodeIdx("u8", [1, 2, 2], [0, 64, 128, 255]) };
 * const test = labeledImages(images, { file: "labels", bytes: encodeIdx("u8", [1], [3]) }); // LabeledImages<number, number>
 * ```
 */
export function labeledImages(
  images: NamedBytes,
  labels: NamedBytes,
  classes: number = MNIST_SIZES.classes,
): LabeledImages<number, number> {
  const im = imagesFromIdx(images.bytes, images.file);
  const lb = labelsFromIdx(labels.bytes, labels.file, classes);
  if (lb.length !== im.images.rows) {
    throw new DataError(labels.file, `has ${lb.length} labels but ${images.file} has ${im.images.rows} images`);
  }
  return { ...im, labels: lb };
}

/**
 * Parses the four files of an MNIST-style set of any size; train and test images must be the
 * same size.
 * @example
 * ```ts
 * const set = (n: number) => ({
 *   images: { file: "images", bytes: encodeIdx("u8", [n, 28, 28], new Uint8Array(n * 784)) },
 *   labels: { file: "labels", bytes: encodeIdx("u8", [n], new Uint8Array(n)) },
 * });
 * const files: MnistBytes = {
 *   trainImages: set(60000).images, trainLabels: set(60000).labels, testImages: set(10000).images, testLabels: set(10000).labels,
 * };
 * const { train, test } = mnistLikeFromBytes(files); // train.images: Matrix<number, number>
 * ```
 */
export function mnistLikeFromBytes(files: MnistBytes, classes: number = MNIST_SIZES.classes): MnistLike {
  const train = labeledImages(files.trainImages, files.trainLabels, classes);
  const test = labeledImages(files.testImages, files.testLabels, classes);
  if (train.height !== test.height || train.width !== test.width) {
    throw new DataError(
      files.testImages.file,
      `images are ${test.height}×${test.width} but ${files.trainImages.file} has ${train.height}×${train.width}`,
    );
  }
  return { train, test };
}

function standard<const N extends number>(
  set: LabeledImages<number, number>,
  file: string,
  split: string,
  count: N,
): LabeledImages<N, 784> {
  const { height, width } = MNIST_SIZES;
  if (set.images.rows !== count || set.height !== height || set.width !== width) {
    throw new DataError(
      file,
      `expected MNIST's ${count} ${split} images of ${height}×${width}, got ${set.images.rows} of ${
        set.height
      }×${set.width} (load other sizes with the MnistLike loaders)`,
    );
  }
  return set as LabeledImages<N, 784>;
}

/**
 * Parses the four standard MNIST files; after checking their headers the types carry the sizes.
 * @example
 * ```ts
 * const set = (n: number) => ({
 *   images: { file: "images", bytes: encodeIdx("u8", [n, 28, 28], new Uint8Array(n * 784)) },
 *   labels: { file: "labels", bytes: encodeIdx("u8", [n], new Uint8Array(n)) },
 * });
 * const files: MnistBytes = {
 *   trainImages: set(60000).images, trainLabels: set(60000).labels, testImages: set(10000).images, testLabels: set(10000).labels,
 * };
 * const { train, test } = mnistFromBytes(files); // train.images: Matrix<60000, 784>
 * ```
 */
export function mnistFromBytes(files: MnistBytes): Mnist {
  const { train, test } = mnistLikeFromBytes(files);
  return {
    train: standard(train, files.trainImages.file, "training", MNIST_SIZES.train),
    test: standard(test, files.testImages.file, "test", MNIST_SIZES.test),
  };
}
