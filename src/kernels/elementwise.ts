// Elementwise loops over n elements. One loop per op rather than a map with a callback: a
// closure call per element costs more than the arithmetic. `out` may alias any input, since
// element i is read before it is written.
import type { Buf } from "../shape/dtype.js";

export function add(out: Buf, a: Buf, b: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
  return out;
}
export function sub(out: Buf, a: Buf, b: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  return out;
}
export function mul(out: Buf, a: Buf, b: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
  return out;
}
export function div(out: Buf, a: Buf, b: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
  return out;
}

export function addScalar(out: Buf, a: Buf, s: number, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! + s;
  return out;
}
/** out = a - s, or s - a when `reversed`. */
export function subScalar(out: Buf, a: Buf, s: number, n: number, reversed: boolean): Buf {
  if (reversed) for (let i = 0; i < n; i++) out[i] = s - a[i]!;
  else for (let i = 0; i < n; i++) out[i] = a[i]! - s;
  return out;
}
export function mulScalar(out: Buf, a: Buf, s: number, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = a[i]! * s;
  return out;
}
/** out = a / s, or s / a when `reversed`. */
export function divScalar(out: Buf, a: Buf, s: number, n: number, reversed: boolean): Buf {
  if (reversed) for (let i = 0; i < n; i++) out[i] = s / a[i]!;
  else for (let i = 0; i < n; i++) out[i] = a[i]! / s;
  return out;
}

/** y += alpha * x (BLAS axpy): the SGD update. */
export function axpy(y: Buf, alpha: number, x: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i]!;
  return y;
}

/** Row broadcast: out[i, j] = a[i, j] op v[j] for a rows × cols matrix (the bias add). */
export function addRow(out: Buf, a: Buf, v: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! + v[j]!;
  }
  return out;
}
export function subRow(out: Buf, a: Buf, v: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! - v[j]!;
  }
  return out;
}
export function mulRow(out: Buf, a: Buf, v: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! * v[j]!;
  }
  return out;
}
export function divRow(out: Buf, a: Buf, v: Buf, rows: number, cols: number): Buf {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! / v[j]!;
  }
  return out;
}

export function exp(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = Math.exp(a[i]!);
  return out;
}
export function log(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = Math.log(a[i]!);
  return out;
}
export function sqrt(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]!);
  return out;
}
export function neg(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = -a[i]!;
  return out;
}
/** A user function per element: the escape hatch, not used by the library's own hot paths. */
export function map(out: Buf, a: Buf, n: number, f: (x: number, i: number) => number): Buf {
  for (let i = 0; i < n; i++) out[i] = f(a[i]!, i);
  return out;
}
export function copy(out: Buf, a: Buf, n: number): Buf {
  if (out !== a) for (let i = 0; i < n; i++) out[i] = a[i]!;
  return out;
}
