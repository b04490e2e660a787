// IDX, the format MNIST ships in: a 4-byte magic number (two zero bytes, an element type code,
// the number of dims), one big-endian uint32 per dim, then the elements, big-endian, row-major.
// Pure: bytes in, typed arrays out, no node imports, so it runs in a browser too.
import { DataError } from "./data-error.js";

/** IDX element types, named after their typed arrays. */
export type IdxType = "u8" | "i8" | "i16" | "i32" | "f32" | "f64";

/** The typed array an IDX element type is read into. */
export type IdxData<T extends IdxType = IdxType> = {
  u8: Uint8Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}[T];

/** A parsed IDX file: its element type, its dims (outermost first) and its elements, row-major. */
export interface IdxArray<T extends IdxType = IdxType> {
  readonly type: T;
  readonly dims: readonly number[];
  readonly data: IdxData<T>;
}

interface TypeInfo {
  readonly code: number;
  readonly size: number;
  readonly name: string;
}

const TYPES: Readonly<Record<IdxType, TypeInfo>> = {
  u8: { code: 0x08, size: 1, name: "unsigned byte" },
  i8: { code: 0x09, size: 1, name: "signed byte" },
  i16: { code: 0x0b, size: 2, name: "int16" },
  i32: { code: 0x0c, size: 4, name: "int32" },
  f32: { code: 0x0d, size: 4, name: "float32" },
  f64: { code: 0x0e, size: 8, name: "float64" },
};

const BY_CODE = new Map<number, IdxType>((Object.keys(TYPES) as IdxType[]).map((t) => [TYPES[t].code, t]));

/** What a caller expects of a file; a mismatch is a DataError that says what was expected. */
export interface IdxExpect<T extends IdxType> {
  /** The element type, e.g. "u8" for MNIST. */
  readonly type?: T;
  /** The number of dims, e.g. 3 for images (count, rows, cols). */
  readonly ndim?: number;
  /** How to call such a file in messages, e.g. "an image file (count, rows, cols)". */
  readonly what?: string;
}

const hex = (n: number, digits: number): string => "0x" + n.toString(16).padStart(digits, "0");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Parses IDX bytes; throws DataError naming `file` and the problem (wrong magic number, wrong
 * element type, truncated header or data, dims that disagree with the length).
 * Unsigned-byte data is a view into `bytes` (no copy); other types are decoded from big-endian.
 * @example
 * ```ts
 * const bytes = encodeIdx("u8", [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
 * const { dims, data } = parseIdx(bytes, "images", { type: "u8", ndim: 3 }); // dims [2, 2, 2], data a Uint8Array of 8
 * ```
 */
export function parseIdx<T extends IdxType = IdxType>(
  bytes: Uint8Array,
  file = "IDX data",
  expect: IdxExpect<T> = {},
): IdxArray<T> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`parseIdx: ${file}: expected a Uint8Array of bytes`);
  const n = bytes.length;
  const { type, info, dims, count, headerBytes } = readHeader(bytes, file, expect, true)!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const have = n - headerBytes;
  // count can pass 2^53 (or reach Infinity) for a corrupt header; the comparison still holds.
  const need = count * info.size;
  const shape = `[${dims.join(", ")}]`;
  if (need > have) {
    const needText = Number.isSafeInteger(need) ? `${need} bytes` : "more bytes than any file can hold";
    throw new DataError(
      file,
      `truncated data: header dims ${shape} of ${info.name} need ${needText} after the ${
        headerBytes
      }-byte header, the file has ${plural(have, "byte")} (an incomplete download?)`,
    );
  }
  if (need < have) {
    throw new DataError(
      file,
      `header dims ${shape} of ${info.name} disagree with the file size: they account for ${
        need
      } data bytes, the file has ${have} after the ${headerBytes}-byte header (${have - need} extra)`,
    );
  }
  return { type: type as T, dims, data: decode(type, bytes, view, headerBytes, count) as IdxData<T> };
}

interface Header {
  readonly type: IdxType;
  readonly info: TypeInfo;
  readonly dims: number[];
  /** The number of elements; can pass 2^53 (or reach Infinity) for a corrupt header. */
  readonly count: number;
  readonly headerBytes: number;
}

/**
 * Reads and checks the magic number and dims. `whole` says that `bytes` is the whole file, so
 * too few bytes are an error; for a prefix they answer undefined (read more first).
 */
function readHeader(bytes: Uint8Array, file: string, expect: IdxExpect<IdxType>, whole: boolean): Header | undefined {
  const n = bytes.length;
  const what = expect.what ? ` for ${expect.what}` : "";
  if (n < 4) {
    if (!whole) return undefined;
    throw new DataError(file, `truncated: ${plural(n, "byte")}, too short for the 4-byte IDX magic number`);
  }
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? " (the bytes look gzip-compressed: decompress them first)" : "";
    throw new DataError(file, `wrong magic number ${hex(magic, 8)}: an IDX file starts with two zero bytes${gz}`);
  }
  const type = BY_CODE.get(bytes[2]!);
  if (type === undefined) {
    throw new DataError(
      file,
      `wrong element type ${hex(bytes[2]!, 2)} in magic number ${hex(magic, 8)}: IDX knows ${Object.values(TYPES)
        .map((t) => `${hex(t.code, 2)} (${t.name})`)
        .join(", ")}`,
    );
  }
  const info = TYPES[type];
  if (expect.type !== undefined && expect.type !== type) {
    const want = TYPES[expect.type];
    throw new DataError(
      file,
      `wrong element type ${hex(info.code, 2)} (${info.name}) in magic number ${hex(magic, 8)}: expected ${hex(
        want.code,
        2,
      )} (${want.name})${what}`,
    );
  }
  const ndim = bytes[3]!;
  if (ndim === 0) throw new DataError(file, `magic number ${hex(magic, 8)} declares 0 dims`);
  if (expect.ndim !== undefined && expect.ndim !== ndim) {
    throw new DataError(
      file,
      `wrong magic number ${hex(magic, 8)}: it declares ${plural(ndim, "dim")}, expected ${expect.ndim}${what}`,
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (n < headerBytes) {
    if (!whole) return undefined;
    throw new DataError(
      file,
      `truncated header: ${plural(ndim, "dim")} need a ${headerBytes}-byte header, the file has ${plural(n, "byte")}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size;
  }
  return { type, info, dims, count, headerBytes };
}

/**
 * The length in bytes (header and data) that an IDX file's header declares, read from the first
 * bytes of the file; undefined while `prefix` is too short to hold the header. Bad magic numbers
 * and unexpected types are refused as parseIdx refuses them. Lets a reader stop early, e.g. when
 * decompressing, before it holds more than the file can be.
 * @example
 * ```ts
 * const n = idxDeclaredLength(encodeIdx("u8", [2], [3, 7])); // 10
 * ```
 */
export function idxDeclaredLength<T extends IdxType = IdxType>(
  prefix: Uint8Array,
  file = "IDX data",
  expect: IdxExpect<T> = {},
): number | undefined {
  const h = readHeader(prefix, file, expect, false);
  return h === undefined ? undefined : h.headerBytes + h.count * h.info.size;
}

function decode(type: IdxType, bytes: Uint8Array, view: DataView, offset: number, count: number): IdxData {
  switch (type) {
    case "u8":
      return bytes.subarray(offset, offset + count);
    case "i8":
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count).slice();
    case "i16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "i32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "f32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "f64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Encodes an array as IDX bytes (big-endian), the inverse of `parseIdx`: for writing a subset of
 * a data set, or making small test files.
 * @example
 * ```ts
 * const bytes = encodeIdx("u8", [2], [3, 7]); // a 2-label file: 00 00 08 01 00 00 00 02 03 07
 * ```
 */
export function encodeIdx(type: IdxType, dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const info = TYPES[type];
  if (info === undefined) throw new TypeError(`encodeIdx: unknown element type ${String(type)}`);
  if (dims.length < 1 || dims.length > 255)
    throw new RangeError(`encodeIdx: IDX holds 1 to 255 dims, got ${dims.length}`);
  let count = 1;
  for (const d of dims) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 0xffffffff))
      throw new RangeError(`encodeIdx: dims must be uint32, got ${d}`);
    count *= d;
  }
  if (values.length !== count) {
    throw new RangeError(`encodeIdx: dims [${dims.join(", ")}] hold ${count} values, got ${values.length}`);
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * info.size);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  if (type === "u8") {
    // Bulk copy; values convert the way a Uint8Array store converts them (modulo 256).
    out.set(values, header);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    const at = header + i * info.size;
    switch (type) {
      case "i8":
        view.setInt8(at, v);
        break;
      case "i16":
        view.setInt16(at, v, false);
        break;
      case "i32":
        view.setInt32(at, v, false);
        break;
      case "f32":
        view.setFloat32(at, v, false);
        break;
      case "f64":
        view.setFloat64(at, v, false);
        break;
    }
  }
  return out;
}
