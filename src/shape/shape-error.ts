/**
 * Thrown when shapes disagree at run time. The message names the op and both shapes, e.g.
 * `dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)`.
 */
export class ShapeError extends Error {
  override readonly name = "ShapeError";
  constructor(
    /** The op that refused its operands. */
    readonly op: string,
    message: string,
  ) {
    super(`${op}: ${message}`);
  }
}

/** `[100, 784]` for a matrix, `[784]` for a vector. */
export function fmtShape(s: { readonly rows: number; readonly cols: number } | { readonly size: number }): string {
  return "rows" in s ? `[${s.rows}, ${s.cols}]` : `[${s.size}]`;
}
