// Comparison with tolerances, NumPy's allclose: |a - b| <= atol + rtol * |b|.
import type { AnyTensor } from "./arithmetic.js";
import { isColumn, isMatrix, isVector } from "./check.js";

/**
 * True when shapes match and every element is close (NaN never equals NaN).
 * @example
 * ```ts
 * const m = randn(rng(0), 3, 3);
 * allClose(dot(eye(3), m), m); // true
 * ```
 */
export function allClose<T extends AnyTensor>(a: T, b: NoInfer<T>, rtol = 1e-5, atol = 1e-8): boolean {
  const ok = (x: unknown) => isMatrix(x) || isVector(x) || isColumn(x);
  if (!ok(a) || !ok(b)) throw new TypeError("allClose: expected matrices or vectors");
  if (a.kind !== b.kind || a.data.length !== b.data.length) return false;
  if (isMatrix(a) && isMatrix(b) && (a.rows !== b.rows || a.cols !== b.cols)) return false;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!,
      y = b.data[i]!;
    if (x === y) continue;
    // An infinity is close only to itself: |inf - (-inf)| <= rtol·inf would say otherwise.
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}
