// Elementwise loops of one input beyond exp/log/sqrt, and the mask select behind `where`.
// `out` may alias the inputs (element i is read before it is written).
import type { Buf } from "../shape/dtype.js";

export function abs(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]!);
  return out;
}
export function pow(out: Buf, a: Buf, p: number, n: number): Buf {
  if (p === 2) for (let i = 0; i < n; i++) out[i] = a[i]! * a[i]!;
  else for (let i = 0; i < n; i++) out[i] = a[i]! ** p;
  return out;
}
/** min(max(x, lo), hi); NaN stays NaN, as in NumPy's clip. */
export function clip(out: Buf, a: Buf, lo: number, hi: number, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    out[i] = x < lo ? lo : x > hi ? hi : x;
  }
  return out;
}
/**
 * out[i] = mask[i] !== 0 ? a[i] : b[i], where `a` and `b` are arrays of n or scalars. A NaN
 * mask element counts as true, as NumPy's bool(nan) does.
 */
export function select(out: Buf, mask: Buf, a: Buf | number, b: Buf | number, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const m = mask[i]!;
    out[i] = m !== 0 ? (typeof a === "number" ? a : a[i]!) : typeof b === "number" ? b : b[i]!;
  }
  return out;
}
