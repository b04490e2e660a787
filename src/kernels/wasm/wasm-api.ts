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
