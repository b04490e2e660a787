/**
 * The dim model. A literal (`784`) is a static dim, `number` is a dynamic dim checked only at
 * run time, and `Dim<"batch">` is a symbolic dim: a run-time size whose identity the compiler
 * tracks, so `Matrix<Dim<"batch">, 10>` and `Matrix<Dim<"test">, 10>` do not mix.
 */

declare const dimLabel: unique symbol;

/**
 * A size known only at run time but tracked by name at compile time.
 * @example
 * ```ts
 * const batch = dim("batch", 100); // Dim<"batch">
 * ```
 */
export type Dim<L extends string> = number & { readonly [dimLabel]: L };

/** Any size: a literal, `number`, or a `Dim<L>`. */
export type Size = number;

/**
 * Checks a size (a non-negative safe integer) and returns the message naming what is wrong, or
 * undefined when it is fine. Shared by every constructor so the wording is the same everywhere.
 */
export function sizeProblem(what: string, n: unknown): string | undefined {
  if (typeof n !== "number") return `${what} must be a number, got ${typeof n}`;
  if (Number.isNaN(n)) return `${what} must be a whole number, got NaN`;
  if (!Number.isFinite(n)) return `${what} must be finite, got ${n}`;
  if (!Number.isInteger(n)) return `${what} must be a whole number, got ${n}`;
  if (n < 0) return `${what} must not be negative, got ${n}`;
  if (n > Number.MAX_SAFE_INTEGER) return `${what} is too large, got ${n}`;
  return undefined;
}

/**
 * Labels a checked run-time size so the compiler tracks it by name.
 * @example
 * ```ts
 * const batch = dim("batch", Number(process.env.BATCH ?? 100));
 * const X = zeros(batch, 784); // Matrix<Dim<"batch">, 784>
 * ```
 */
export function dim<const L extends string>(label: L, n: number): Dim<L> {
  const problem = sizeProblem(`dim("${label}")`, n);
  if (problem) throw new RangeError(problem);
  return n as Dim<L>;
}
