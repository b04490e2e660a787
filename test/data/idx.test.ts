import { describe, expect, it } from "vitest";
import { DataError } from "../../src/data/data-error.js";
import { encodeIdx, idxDeclaredLength, parseIdx } from "../../src/data/idx.js";
import { problem } from "./data-problem.js";

// A hand-typed 3-label file: magic 00 00 08 01, one dim (3), then the labels 7, 0, 9.
const LABELS = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9);

describe("parseIdx", () => {
  it("reads a hand-made unsigned-byte file as a view of the bytes", () => {
    const a = parseIdx(LABELS, "labels");
    expect(a.type).toBe("u8");
    expect(a.dims).toEqual([3]);
    expect(Array.from(a.data)).toEqual([7, 0, 9]);
    expect(a.data.buffer).toBe(LABELS.buffer);
  });

  it("reads big-endian multi-byte types", () => {
    // int16 [2]: 0x0102 = 258, 0xfffe = -2
    const i16 = parseIdx(Uint8Array.of(0, 0, 0x0b, 1, 0, 0, 0, 2, 1, 2, 0xff, 0xfe));
    expect(i16.type).toBe("i16");
    expect(Array.from(i16.data)).toEqual([258, -2]);
    // int32 [1]: 0x01020304
    expect(Array.from(parseIdx(Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4)).data)).toEqual([0x01020304]);
    // float32 [1]: 0x3fc00000 = 1.5
    expect(Array.from(parseIdx(Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0)).data)).toEqual([1.5]);
    // int8 [2]: 0x80 = -128, 0x7f = 127
    expect(Array.from(parseIdx(Uint8Array.of(0, 0, 0x09, 1, 0, 0, 0, 2, 0x80, 0x7f)).data)).toEqual([-128, 127]);
  });

  it("works on a view with a byte offset (e.g. a slice of a larger buffer)", () => {
    const big = new Uint8Array(3 + LABELS.length);
    big.set(LABELS, 3);
    expect(Array.from(parseIdx(big.subarray(3), "x").data)).toEqual([7, 0, 9]);
  });

  it("round-trips encodeIdx for every type", () => {
    const cases = [
      ["u8", [0, 255, 3, 4, 5, 6]],
      ["i8", [-128, 127, 0, 1, -1, 2]],
      ["i16", [-32768, 32767, 0, 1, -1, 2]],
      ["i32", [-(2 ** 31), 2 ** 31 - 1, 0, 1, -1, 2]],
      ["f32", [0.5, -1.25, 3, 1e-3, 0, 2]],
      ["f64", [Math.PI, -0.1, 1e300, 0, 1, 2]],
    ] as const;
    for (const [type, values] of cases) {
      const a = parseIdx(encodeIdx(type, [2, 3], values), type);
      expect(a.type).toBe(type);
      expect(a.dims).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual(type === "f32" ? Array.from(Float32Array.from(values)) : values);
    }
    expect(encodeIdx("u8", [3], [7, 0, 9])).toEqual(LABELS);
  });

  it("refuses bad magic numbers, naming the file", () => {
    expect(problem(() => parseIdx(Uint8Array.of(0, 0, 8), "f.idx"))).toBe(
      "f.idx: truncated: 3 bytes, too short for the 4-byte IDX magic number",
    );
    expect(problem(() => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0), "f.idx"))).toBe(
      "f.idx: wrong magic number 0x01000801: an IDX file starts with two zero bytes",
    );
    expect(problem(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0, 0), "f.gz"))).toMatch(/gzip-compressed/);
    expect(problem(() => parseIdx(Uint8Array.of(0, 0, 7, 1, 0, 0, 0, 0), "f.idx"))).toMatch(
      /^f\.idx: wrong element type 0x07 in magic number 0x00000701: IDX knows 0x08 \(unsigned byte\)/,
    );
    expect(problem(() => parseIdx(Uint8Array.of(0, 0, 8, 0), "f.idx"))).toBe(
      "f.idx: magic number 0x00000800 declares 0 dims",
    );
  });

  it("checks what the caller expects: element type and number of dims", () => {
    const f32 = encodeIdx("f32", [1], [1]);
    expect(problem(() => parseIdx(f32, "img", { type: "u8", what: "an image file" }))).toBe(
      "img: wrong element type 0x0d (float32) in magic number 0x00000d01: expected 0x08 (unsigned byte) for an image file",
    );
    expect(problem(() => parseIdx(LABELS, "img", { type: "u8", ndim: 3, what: "an image file" }))).toBe(
      "img: wrong magic number 0x00000801: it declares 1 dim, expected 3 for an image file",
    );
  });

  it("refuses truncated headers and data, and data the header does not account for", () => {
    expect(problem(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 1, 0, 0), "f"))).toBe(
      "f: truncated header: 3 dims need a 16-byte header, the file has 10 bytes",
    );
    expect(problem(() => parseIdx(LABELS.subarray(0, 10), "f"))).toBe(
      "f: truncated data: header dims [3] of unsigned byte need 3 bytes after the 8-byte header, the file has 2 bytes (an incomplete download?)",
    );
    expect(problem(() => parseIdx(Uint8Array.of(...LABELS, 1), "f"))).toBe(
      "f: header dims [3] of unsigned byte disagree with the file size: they account for 3 data bytes, the file has 4 after the 8-byte header (1 extra)",
    );
    // int32 counts four bytes per element.
    expect(problem(() => parseIdx(Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1), "f"))).toMatch(/need 8 bytes/);
  });

  it("refuses dims whose product overflows without allocating anything", () => {
    // [2^32 - 1] x 4 dims: the product is ~3e38 bytes, far past any file.
    const huge = Uint8Array.of(0, 0, 8, 4, ...Array(16).fill(0xff));
    expect(problem(() => parseIdx(huge, "f"))).toMatch(/truncated data: .*need more bytes than any file can hold/);
  });

  it("encodeIdx refuses values that do not fit its dims", () => {
    expect(() => encodeIdx("u8", [2, 2], [1, 2, 3])).toThrow(/dims \[2, 2\] hold 4 values, got 3/);
    expect(() => encodeIdx("u8", [], [])).toThrow(RangeError);
    expect(() => encodeIdx("u8", [-1], [])).toThrow(/uint32/);
  });
});

describe("idxDeclaredLength", () => {
  it("reads the length from the first bytes, waits for a whole header, and refuses what parseIdx refuses", () => {
    expect(idxDeclaredLength(LABELS)).toBe(11);
    expect(idxDeclaredLength(LABELS.subarray(0, 8))).toBe(11);
    expect(idxDeclaredLength(LABELS.subarray(0, 3))).toBeUndefined();
    expect(idxDeclaredLength(LABELS.subarray(0, 7))).toBeUndefined();
    const images = encodeIdx("f32", [2, 3, 4], new Float32Array(24));
    expect(idxDeclaredLength(images.subarray(0, 16))).toBe(16 + 24 * 4);
    // Declared sizes past 2^53 stay comparable (Infinity at worst) rather than wrapping.
    const huge = Uint8Array.of(0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
    expect(idxDeclaredLength(huge)).toBeGreaterThan(2 ** 53);
    expect(() => idxDeclaredLength(Uint8Array.of(1, 2, 3, 4), "x")).toThrow("x: wrong magic number 0x01020304");
    expect(() => idxDeclaredLength(LABELS, "x", { ndim: 3 })).toThrow(
      "x: wrong magic number 0x00000801: it declares 1 dim, expected 3",
    );
  });
});
