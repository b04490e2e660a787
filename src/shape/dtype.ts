/** Element types: float32 is the default, float64 where asked for. Part of every tensor's type. */
export type DType = "f32" | "f64";

/** The typed array behind a dtype. */
export type ArrayOf<D extends DType> = D extends "f64" ? Float64Array : Float32Array;

/** What kernels see: either typed array, no generics. */
export type Buf = Float32Array | Float64Array;

export function isDType(d: unknown): d is DType {
  return d === "f32" || d === "f64";
}

/** Throws a TypeError naming `op` unless `dtype` is a DType (or undefined, when allowed). */
export function checkDType(op: string, dtype: unknown, optional = true): void {
  if (optional && dtype === undefined) return;
  if (!isDType(dtype)) throw new TypeError(`${op}: dtype must be "f32" or "f64", got ${String(dtype)}`);
}

/**
 * Storage other than a fresh ordinary array, offered to `allocate`: a zeroed array of the dtype
 * and length (the trainers place their workspaces in the wasm kernels' memory this way, so the
 * kernels read them without a copy), or null to decline.
 */
export type Placement = (dtype: DType, length: number) => Buf | null;

/**
 * Allocates a zeroed array of a dtype, from `place` when given and it accepts. The one
 * allocation point for tensor storage.
 */
export function allocate<D extends DType>(dtype: D, length: number, place?: Placement): ArrayOf<D> {
  allocationCount.n++;
  const placed = place?.(dtype, length);
  if (placed) return placed as ArrayOf<D>;
  return (dtype === "f64" ? new Float64Array(length) : new Float32Array(length)) as ArrayOf<D>;
}

/**
 * Counts tensor allocations made through `allocate`, so a test can prove that a training loop in
 * steady state allocates no storage. A test hook, not API: the package root does not export it;
 * tests import it from this module.
 */
export const allocationCount = { n: 0 };

export function dtypeOf(data: Buf): DType {
  return data instanceof Float64Array ? "f64" : "f32";
}
