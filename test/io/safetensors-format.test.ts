import { describe, expect, it } from "vitest";
import { CHECKSUM_KEY, decodeSafetensors, encodeSafetensors, SafetensorsError, tensorValues } from "../../src/index.js";

const SHA = expect.stringMatching(/^[0-9a-f]{64}$/);

const W = Float32Array.from([1, -2.5, 3e-8, 4, 5, 6]);
const b = Float64Array.from([Math.PI, -0, 1e300]);
const entries = [
  { name: "W", dtype: "F32", shape: [2, 3], data: W },
  { name: "b", dtype: "F64", shape: [3], data: b },
] as const;

/** Safetensors bytes with a hand-written header (padded to 8) and `data` bytes after it. */
function raw(header: unknown, dataBytes: number, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}
const f32 = (n: number, from = 0) => ({ dtype: "F32", shape: [n], data_offsets: [from, from + 4 * n] });

describe("encodeSafetensors / decodeSafetensors", () => {
  it("round-trip both dtypes and the metadata exactly", () => {
    const bytes = encodeSafetensors(entries, { format: "pt", note: "ünïcode" });
    const { tensors, metadata } = decodeSafetensors(bytes, "x.safetensors");
    expect(metadata).toEqual({ format: "pt", note: "ünïcode", [CHECKSUM_KEY]: SHA });
    expect([...tensors.keys()]).toEqual(["W", "b"]);
    expect(tensors.get("W")).toMatchObject({ dtype: "F32", shape: [2, 3] });
    expect(tensorValues(tensors.get("W")!)).toEqual(W);
    const back = tensorValues(tensors.get("b")!);
    expect(back).toBeInstanceOf(Float64Array);
    expect(Object.is(back[1], -0)).toBe(true);
    expect(back).toEqual(b);
  });
  it("lays out the standard format: u64 LE header length, JSON padded to 8 bytes, then the data", () => {
    const bytes = encodeSafetensors(entries);
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { [CHECKSUM_KEY]: SHA },
      W: { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] },
      b: { dtype: "F64", shape: [3], data_offsets: [24, 48] },
    });
    expect(bytes.length).toBe(8 + n + 48);
    expect(view.getFloat32(8 + n + 4, true)).toBe(-2.5);
    expect(view.getFloat64(8 + n + 24, true)).toBe(Math.PI);
  });
  it("reads from a Uint8Array that is a view at an odd offset", () => {
    const bytes = encodeSafetensors(entries);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { tensors } = decodeSafetensors(shifted.subarray(3), "odd");
    expect(tensorValues(tensors.get("b")!)).toEqual(b);
  });
});

describe("decodeSafetensors refuses a bad file, naming the file and the tensor", () => {
  const good = encodeSafetensors(entries);
  it.each([
    ["too short", new Uint8Array(5), "safetensors: m.st: the file is 5 bytes, too short for the 8-byte header length"],
    [
      "header past the end",
      (() => {
        const x = good.slice();
        new DataView(x.buffer).setUint32(0, 1e6, true);
        return x;
      })(),
      `safetensors: m.st: the header length 1000000 runs past the end of the file (${good.length} bytes): truncated or not a safetensors file`,
    ],
    [
      "header length above 2^32",
      (() => {
        const x = good.slice();
        new DataView(x.buffer).setUint32(4, 1, true);
        return x;
      })(),
      `safetensors: m.st: the header length ${2 ** 32 + new DataView(good.buffer).getUint32(0, true)} runs past the end`,
    ],
    ["corrupt JSON", raw(null, 0, '{"W": {"dtype": "F32",'), "safetensors: m.st: the header is not valid JSON"],
    ["a JSON array", raw([1, 2], 0), "safetensors: m.st: the header must be a JSON object"],
    [
      "an unknown dtype",
      raw({ W: { dtype: "F17", shape: [1], data_offsets: [0, 4] } }, 4),
      'safetensors: m.st: tensor "W": unknown dtype "F17"',
    ],
    [
      "a dtype named like an Object method",
      raw({ W: { dtype: "toString", shape: [1], data_offsets: [0, 4] } }, 4),
      'tensor "W": unknown dtype "toString"',
    ],
    [
      "a bad shape",
      raw({ W: { dtype: "F32", shape: [2, -1], data_offsets: [0, 4] } }, 4),
      'safetensors: m.st: tensor "W": shape [2,-1] is not a list of non-negative integers',
    ],
    [
      "reversed offsets",
      raw({ W: { dtype: "F32", shape: [0], data_offsets: [4, 0] } }, 4),
      'tensor "W": data_offsets [4,0] must be [begin, end] with 0 <= begin <= end',
    ],
    [
      "offsets that disagree with the shape",
      raw({ W: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8),
      'safetensors: m.st: tensor "W": data_offsets [0, 8] hold 8 bytes but F32 [3] needs 12',
    ],
    [
      "offsets out of range (truncated data)",
      raw({ W: f32(4) }, 12),
      'safetensors: m.st: tensor "W": data_offsets [0, 16] run past the end of the data (12 bytes): truncated file',
    ],
    [
      "overlapping tensors",
      raw({ W: f32(4), V: f32(2, 8) }, 16),
      'safetensors: m.st: tensor "V": data_offsets [8, 16] overlap another tensor\'s data',
    ],
    [
      "a hole in the data",
      raw({ W: f32(2), V: f32(2, 12) }, 20),
      'safetensors: m.st: tensor "V": data_offsets [12, 20] leave a hole at bytes [8, 12)',
    ],
    [
      "trailing bytes",
      raw({ W: f32(2) }, 12),
      "safetensors: m.st: 4 bytes after the last tensor's data belong to no tensor",
    ],
    [
      "non-string metadata",
      raw({ __metadata__: { epochs: 3 } }, 0),
      'safetensors: m.st: __metadata__ "epochs" must be a string, got 3',
    ],
    // Issue 12, finding 6: JSON.parse would keep the second entry silently.
    [
      "a key twice",
      raw(
        null,
        8,
        '{"W":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"W":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}',
      ),
      'safetensors: m.st: the header has the key "W" twice',
    ],
    [
      "a metadata key twice",
      raw(null, 0, '{"__metadata__":{"a":"1","a":"2"}}'),
      'safetensors: m.st: the header has the key "a" twice',
    ],
    [
      "a header length of 2^64 - 1",
      (() => {
        const x = good.slice();
        new DataView(x.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
        return x;
      })(),
      "safetensors: m.st: the header length 18446744073709551615 runs past the end",
    ],
    [
      "a checksum that is not hex",
      raw({ __metadata__: { [CHECKSUM_KEY]: "abc" } }, 0),
      `__metadata__ "${CHECKSUM_KEY}" is not 64 hex digits`,
    ],
  ])("%s", (_what, bytes, msg) => {
    expect(() => decodeSafetensors(bytes, "m.st")).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes, "m.st")).toThrow(msg);
  });
  it("names the file and tensor in the error's fields too", () => {
    try {
      decodeSafetensors(raw({ W: f32(4) }, 12), "m.st");
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ name: "SafetensorsError", file: "m.st", tensor: "W" });
    }
  });
  it("decodes but will not convert dtypes it cannot hold", () => {
    const { tensors } = decodeSafetensors(raw({ h: { dtype: "F16", shape: [2], data_offsets: [0, 4] } }, 4), "m.st");
    expect(() => tensorValues(tensors.get("h")!, undefined, "m.st", "h")).toThrow(
      'safetensors: m.st: tensor "h": dtype F16 is not supported (F32 or F64)',
    );
  });
});

describe("encodeSafetensors refuses", () => {
  it.each([
    [[entries[0], entries[0]], 'safetensors: <memory>: tensor "W": two tensors have this name'],
    [[{ name: "W", dtype: "F64", shape: [6], data: W }], 'tensor "W": dtype F64 needs a Float64Array'],
    [[{ name: "W", dtype: "F32", shape: [4], data: W }], 'tensor "W": shape [4] does not describe its 6 elements'],
    [
      [{ name: "__metadata__", dtype: "F32", shape: [6], data: W }],
      'tensor "__metadata__": the name __metadata__ is reserved',
    ],
  ])("%#", (list, msg) => {
    expect(() => encodeSafetensors(list as never)).toThrow(msg);
  });
  it("non-string metadata", () => {
    expect(() => encodeSafetensors(entries, { a: 1 } as never)).toThrow(
      'safetensors: <memory>: metadata "a" must be a string, got number',
    );
  });
});
