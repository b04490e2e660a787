// The textbook triple loop with explicit transposes: the oracle the fast kernels are tested
// against. Accumulates in float64 whatever the storage, so it is the more exact of the two.
import type { Buf } from "../shape/dtype.js";

export function gemmNaive(
  out: Buf,
  a: Buf,
  b: Buf,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Buf {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transB ? b[j * k + p]! : b[p * n + j]!;
        s += av * bv;
      }
      out[i * n + j] = s;
    }
  }
  return out;
}
