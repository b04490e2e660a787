// Dense matrix products on raw row-major arrays. `out` must not alias `a` or `b`: each kernel
// writes out while it still reads its inputs. All overwrite `out` (BLAS beta = 0).
import type { Buf } from "../shape/dtype.js";

/** out[m×n] = a[m×k] · b[k×n]. */
export function gemmNN(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  // i-k-j order: the inner loop runs along contiguous rows of b and out, which vectorizes.
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    out.fill(0, oi, oi + n);
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p]!;
      // Zero inputs contribute nothing; MNIST rows are ~81% zeros. Skipping them changes no bits
      // of a finite result (x + 0*y === x), only NaN/Inf propagation from b, which we accept.
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[oi + j] += aip * b[bp + j]!;
    }
  }
  return out;
}

/** out[m×n] = aᵀ · b where a is k×m and b is k×n (the Xᵀ·dY of a backward pass). */
export function gemmTN(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  out.fill(0, 0, m * n);
  // p-i-j order: each step reads one row of a and one row of b, both contiguous.
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i]!;
      if (api === 0) continue;
      const oi = i * n;
      for (let j = 0; j < n; j++) out[oi + j] += api * b[bp + j]!;
    }
  }
  return out;
}

/** out[m×n] = a · bᵀ where a is m×k and b is n×k (the dY·Wᵀ of a backward pass). */
export function gemmNT(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  // Each output is a dot product of two contiguous rows.
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[bj + p]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** out[m×n] = aᵀ · bᵀ where a is k×m and b is n×k. Rare; kept simple. */
export function gemmTT(out: Buf, a: Buf, b: Buf, m: number, k: number, n: number): Buf {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[bj + p]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** out[m] = a[m×k] · x[k]. */
export function gemv(out: Buf, a: Buf, x: Buf, m: number, k: number): Buf {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    let s = 0;
    for (let p = 0; p < k; p++) s += a[ai + p]! * x[p]!;
    out[i] = s;
  }
  return out;
}

/** out[m] = aᵀ · x where a is k×m. */
export function gemvT(out: Buf, a: Buf, x: Buf, m: number, k: number): Buf {
  out.fill(0, 0, m);
  for (let p = 0; p < k; p++) {
    const xp = x[p]!;
    const ap = p * m;
    for (let i = 0; i < m; i++) out[i] += a[ap + i]! * xp;
  }
  return out;
}
