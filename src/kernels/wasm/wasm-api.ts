// The slice of the WebAssembly JS API the kernels use, typed here and read from globalThis:
// the repo's tsconfig has no DOM lib (where TypeScript declares WebAssembly), and reading it
// off globalThis lets an engine without WebAssembly fall back instead of throwing at import.

/** A wasm linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** Bytes from base64 (the committed modules), with atob: global in Node >= 16 and in browsers,
 * where Buffer is not, so src stays free of node imports. */
export function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
