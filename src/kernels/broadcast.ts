// Binary loops over a rows × cols matrix `a` and an operand `b` read through strides: b[i, j] is
// b[i * rs + j * cs]. rs = cols, cs = 1 reads an equal shape; rs = 0, cs = 1 a row vector (the
// bias); rs = 1, cs = 0 a column vector (one value per row); rs = cs = 0 a scalar held in a
// one-element array. One loop per op: a closure call per element costs more than the arithmetic.
// `out` may alias `a` (element (i, j) is read before it is written).
import type { Buf } from "../shape/dtype.js";

export type Strided = (out: Buf, a: Buf, b: Buf, rows: number, cols: number, rs: number, cs: number) => Buf;

export const add: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! + b[p + j * cs]!;
  }
  return out;
};
export const sub: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! - b[p + j * cs]!;
  }
  return out;
};
export const mul: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! * b[p + j * cs]!;
  }
  return out;
};
export const div: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! / b[p + j * cs]!;
  }
  return out;
};
/** NumPy's np.minimum: NaN in either operand gives NaN. */
export const minimum: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) {
      const x = a[o + j]!,
        y = b[p + j * cs]!;
      out[o + j] = x < y || Number.isNaN(x) ? x : y;
    }
  }
  return out;
};
/** NumPy's np.maximum: NaN in either operand gives NaN. */
export const maximum: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) {
      const x = a[o + j]!,
        y = b[p + j * cs]!;
      out[o + j] = x > y || Number.isNaN(x) ? x : y;
    }
  }
  return out;
};
// Comparisons write 1 where the relation holds and 0 where it does not (NaN compares false,
// except in notEqual), so a mask is an ordinary tensor that `where` and `mul` read.
export const greater: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! > b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
export const greaterEqual: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! >= b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
export const less: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! < b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
export const lessEqual: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! <= b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
export const equal: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! === b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
export const notEqual: Strided = (out, a, b, rows, cols, rs, cs) => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      p = i * rs;
    for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! !== b[p + j * cs]! ? 1 : 0;
  }
  return out;
};
