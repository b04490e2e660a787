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

/**
 * `[100, 784]` for a matrix, `[784]` for a (row) vector, `[100] (column)` for a column vector and
 * `[784, 100] (transposed view)` for `m.T`, so a run-time error says when the operand that
 * disagrees is a transpose or a column.
 */
export function fmtShape(
  s:
    | { readonly rows: number; readonly cols: number; readonly kind?: string }
    | { readonly size: number; readonly kind?: string },
): string {
  if (!("rows" in s)) return s.kind === "column" ? `[${s.size}] (column)` : `[${s.size}]`;
  return s.kind === "transposed" ? `[${s.rows}, ${s.cols}] (transposed view)` : `[${s.rows}, ${s.cols}]`;
}
