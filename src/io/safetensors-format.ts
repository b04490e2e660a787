// The safetensors layout, bytes only (no node imports, so it runs in a browser too): an 8-byte
// little-endian header length N, N bytes of JSON naming each tensor's dtype, shape and
// [begin, end) byte offsets into the data that follows, then the raw little-endian data.
// Spec: https://github.com/huggingface/safetensors (format section). As the reference reader
// does, decoding refuses anything ambiguous: overlapping or out-of-range offsets, holes in the
// data, sizes that disagree with shapes, a header that runs past the end.
// A file written here carries the SHA-256 of its data section in its metadata; a reader checks it
// when present, and files from elsewhere (without it) still load.
import { allocate } from "../shape/dtype.js";
import { Sha256 } from "./sha256.js";

/** The element types this library reads and writes. */
export type SafetensorsDType = "F32" | "F64";

const ITEM_SIZE: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/**
 * The metadata key under which encodeSafetensors records the SHA-256 of the data section (64 hex
 * digits) and decodeSafetensors verifies it.
 */
export const CHECKSUM_KEY = "typed-tensor.data-sha256";
const PLACEHOLDER = "0".repeat(64);

/** Headers above this are refused before parsing (the reference reader's limit is 100 MB). */
const MAX_HEADER = 100_000_000;

/** A refused or unreadable safetensors file; names the file and, where one is at fault, the tensor. */
export class SafetensorsError extends Error {
  override readonly name = "SafetensorsError";
  constructor(
    /** The file (or source name) being read or written. */
    readonly file: string,
    /** The tensor at fault, if one is. */
    readonly tensor: string | undefined,
    detail: string,
  ) {
    super(`safetensors: ${file}${tensor !== undefined ? `: tensor "${tensor}"` : ""}: ${detail}`);
  }
}

/** One tensor to write: its name, dtype, shape and data (a Float32Array for F32, Float64Array for F64). */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/** One tensor read back: shape and dtype from the header, the bytes it occupies in the file. */
export interface DecodedTensor {
  readonly dtype: string;
  readonly shape: number[];
  /** A view of the tensor's bytes inside the decoded buffer (not a copy). */
  readonly bytes: Uint8Array;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes tensors (in the given order) and string metadata as safetensors bytes, with the SHA-256
 * of the data section in the metadata under CHECKSUM_KEY. The header is padded with spaces to a
 * multiple of 8 bytes, so every tensor's data starts 8-byte aligned.
 * @example
 * ```ts
 * const W1 = zeros(784, 50);
 * const bytes = encodeSafetensors([{ name: "W1", dtype: "F32", shape: [784, 50], data: W1.data }]);
 * ```
 */
export function encodeSafetensors(
  tensors: readonly TensorEntry[],
  metadata?: Record<string, string>,
  file = "<memory>",
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    if (typeof metadata !== "object" || metadata === null)
      throw new SafetensorsError(file, undefined, "metadata must be a record of strings");
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string")
        throw new SafetensorsError(file, undefined, `metadata "${k}" must be a string, got ${typeof v}`);
    }
    if (CHECKSUM_KEY in metadata)
      throw new SafetensorsError(file, undefined, `metadata "${CHECKSUM_KEY}" is reserved: the library writes it`);
  }
  // The checksum's place is reserved now and filled once the data is laid out.
  header.__metadata__ = { ...metadata, [CHECKSUM_KEY]: PLACEHOLDER };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === "__metadata__") throw new SafetensorsError(file, t.name, "the name __metadata__ is reserved");
    if (t.name in header) throw new SafetensorsError(file, t.name, "two tensors have this name");
    const expected = t.dtype === "F32" ? Float32Array : t.dtype === "F64" ? Float64Array : undefined;
    if (expected === undefined)
      throw new SafetensorsError(file, t.name, `dtype ${String(t.dtype)} cannot be written (F32 or F64)`);
    if (!(t.data instanceof expected))
      throw new SafetensorsError(file, t.name, `dtype ${t.dtype} needs a ${expected.name}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== t.data.length) {
      throw new SafetensorsError(
        file,
        t.name,
        `shape [${t.shape.join(", ")}] does not describe its ${t.data.length} elements`,
      );
    }
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const t of tensors) {
    writeLE(out, at, t.data);
    at += t.data.byteLength;
  }
  // JSON.stringify escapes every quote inside a string, so this key-value text occurs once: as the entry.
  const entry = new TextEncoder().encode(`"${CHECKSUM_KEY}":"${PLACEHOLDER}"`);
  const where = indexOf(out.subarray(8, 8 + json.length), entry);
  out.set(new TextEncoder().encode(new Sha256().update(out.subarray(8 + n)).hex()), 8 + where + entry.length - 65);
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function writeLE(out: Uint8Array, at: number, data: Float32Array | Float64Array): void {
  if (littleEndian) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at, data.byteLength);
  if (data instanceof Float64Array) for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i]!, true);
  else for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
}

/**
 * Parses and validates safetensors bytes: every tensor's dtype, shape and offsets, with the data
 * fully covered and nothing overlapping, no key twice in the header, and the data's SHA-256 when
 * the metadata records one (CHECKSUM_KEY). `file` names the source in errors.
 * @example
 * ```ts
 * const bytes = toSafetensorsBytes(initTwoLayer(rng(0), 4, 3, 2));
 * const { tensors, metadata } = decodeSafetensors(bytes, "model.safetensors");
 * ```
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  file = "<memory>",
): { tensors: Map<string, DecodedTensor>; metadata: Record<string, string> } {
  if (!(bytes instanceof Uint8Array))
    throw new SafetensorsError(file, undefined, "expected the file's bytes as a Uint8Array");
  if (bytes.length < 8)
    throw new SafetensorsError(
      file,
      undefined,
      `the file is ${bytes.length} bytes, too short for the 8-byte header length`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  // Printed from the exact 64-bit value: above 2^53 a double would round it.
  const nText = view.getBigUint64(0, true).toString();
  if (n > bytes.length - 8) {
    throw new SafetensorsError(
      file,
      undefined,
      `the header length ${nText} runs past the end of the file (${bytes.length} bytes): truncated or not a safetensors file`,
    );
  }
  if (n > MAX_HEADER)
    throw new SafetensorsError(file, undefined, `the header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  let header: unknown;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(file, undefined, `the header is not valid JSON (${(e as Error).message})`);
  }
  // JSON.parse keeps the last of two equal keys silently; two entries for one tensor are ambiguous.
  const dup = duplicateKey(text);
  if (dup !== undefined)
    throw new SafetensorsError(file, undefined, `the header has the key ${JSON.stringify(dup)} twice`);
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new SafetensorsError(file, undefined, "the header must be a JSON object");
  }
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const tensors = new Map<string, DecodedTensor>();
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = checkMetadata(file, entry);
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== "object" || e === null)
      throw new SafetensorsError(file, name, "its header entry is not an object");
    if (typeof e.dtype !== "string" || !Object.prototype.hasOwnProperty.call(ITEM_SIZE, e.dtype))
      throw new SafetensorsError(file, name, `unknown dtype ${JSON.stringify(e.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(file, name, `shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
    }
    const off = e.data_offsets;
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      !off.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      off[0] > off[1]
    ) {
      throw new SafetensorsError(
        file,
        name,
        `data_offsets ${JSON.stringify(off)} must be [begin, end] with 0 <= begin <= end`,
      );
    }
    const [begin, end] = off as [number, number];
    const shape = e.shape as number[];
    const need = shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[e.dtype]!;
    if (end - begin !== need) {
      throw new SafetensorsError(
        file,
        name,
        `data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${e.dtype} [${shape.join(", ")}] needs ${need}`,
      );
    }
    if (end > dataLength) {
      throw new SafetensorsError(
        file,
        name,
        `data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes): truncated file`,
      );
    }
    spans.push([begin, end, name]);
    tensors.set(name, { dtype: e.dtype, shape, bytes: bytes.subarray(dataStart + begin, dataStart + end) });
  }
  // The data must be exactly the tensors laid end to end: no overlap, no hole, no trailing bytes.
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin < at)
      throw new SafetensorsError(file, name, `data_offsets [${begin}, ${end}] overlap another tensor's data`);
    if (begin > at)
      throw new SafetensorsError(file, name, `data_offsets [${begin}, ${end}] leave a hole at bytes [${at}, ${begin})`);
    at = end;
  }
  if (at !== dataLength)
    throw new SafetensorsError(
      file,
      undefined,
      `${dataLength - at} bytes after the last tensor's data belong to no tensor`,
    );
  const recorded = metadata[CHECKSUM_KEY];
  if (recorded !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(recorded))
      throw new SafetensorsError(file, undefined, `__metadata__ "${CHECKSUM_KEY}" is not 64 hex digits`);
    const actual = new Sha256().update(bytes.subarray(dataStart)).hex();
    if (actual !== recorded) {
      throw new SafetensorsError(
        file,
        undefined,
        `the data's SHA-256 is ${actual} but the header records ${recorded}: the file is corrupt`,
      );
    }
  }
  return { tensors, metadata };
}

/** The first key that an object of this (valid) JSON text holds twice, if any. */
function duplicateKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return undefined;
}

function checkMetadata(file: string, m: unknown): Record<string, string> {
  if (typeof m !== "object" || m === null || Array.isArray(m))
    throw new SafetensorsError(file, undefined, "__metadata__ must be an object of strings");
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== "string")
      throw new SafetensorsError(file, undefined, `__metadata__ "${k}" must be a string, got ${JSON.stringify(v)}`);
  }
  return m as Record<string, string>;
}

/**
 * A decoded tensor's values copied into `out` (a fresh array from the library's allocator when
 * omitted): a Float32Array for F32, a Float64Array for F64, read little-endian on any platform.
 * @example
 * ```ts
 * const { tensors } = decodeSafetensors(toSafetensorsBytes(initTwoLayer(rng(0), 4, 3, 2)));
 * const w = tensorValues(tensors.get("W1")!); // Float32Array
 * ```
 */
export function tensorValues(
  t: DecodedTensor,
  out?: Float32Array | Float64Array,
  file = "<memory>",
  name = "?",
): Float32Array | Float64Array {
  const size = t.dtype === "F32" ? 4 : t.dtype === "F64" ? 8 : 0;
  if (size === 0) throw new SafetensorsError(file, name, `dtype ${t.dtype} is not supported (F32 or F64)`);
  const count = t.bytes.length / size;
  const o = out ?? allocate(size === 4 ? "f32" : "f64", count);
  if (o.length !== count || o.BYTES_PER_ELEMENT !== size) {
    throw new SafetensorsError(
      file,
      name,
      `cannot copy ${count} ${t.dtype} values into a ${o.constructor.name} of ${o.length}`,
    );
  }
  if (littleEndian) {
    // Copy the bytes: the file's buffer need not be aligned for a typed view at this offset.
    new Uint8Array(o.buffer, o.byteOffset, o.byteLength).set(t.bytes);
  } else {
    const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
    for (let i = 0; i < count; i++) o[i] = size === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  }
  return o;
}
