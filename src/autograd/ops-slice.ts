// The traced slices and joins of issue #11. getRow and sliceRows are views (as the ops are);
// getCol, sliceCols, concat and stack return the op's own new tensor, which the node adopts
// (those ops take no `out`). Each rule writes dOut back where the slice came from, or cuts it
// into the parts' shapes. The writes (setRow, setCol, setRows, setCols, m.set) are not in `ad`:
// they mutate a tensor in place, which would change a value the tape already read (a rule would
// then see the overwritten data), and the overwritten elements' gradient would need a rule the
// tape cannot express without copying the matrix first; build the matrix with concat instead.
import type { DType } from "../shape/dtype.js";
import type { Matrix } from "../shape/tensor.js";
import * as C from "../ops/concat.js";
import * as Sl from "../ops/slice.js";
import { active, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";
import { adopting, type M, type V } from "./ops-common.js";

// The node holds a = the matrix sliced, b = the index or start.
function sliceRule(t: Tape, n: Node): void {
  const d = t.target(n, 0) as M | null;
  if (!d) return;
  const m = n.a as M,
    at = n.b as number;
  if (n.op === "getRow") Sl.getRowBackward(n.grad as V, m, at, d);
  else if (n.op === "getCol") Sl.getColBackward(n.grad as never, m, at, d);
  else if (n.op === "sliceRows") Sl.sliceRowsBackward(n.grad as M, m, at, d);
  else Sl.sliceColsBackward(n.grad as M, m, at, d);
  t.commit(n, 0, d);
}

/**
 * `getRow`, traced (a view, as the op); its rule is getRowBackward.
 * @example
 * ```ts
 * const r = ad.getRow(fromArray([[1, 2], [3, 4]]), 1); // Vector<2>
 * ```
 */
export const getRow: typeof Sl.getRow = adopting("getRow", Sl.getRow, sliceRule);
/**
 * `sliceRows`, traced (a view, as the op); its rule is sliceRowsBackward.
 * @example
 * ```ts
 * const top = ad.sliceRows(ones(4, 3), 0, 2, 2); // Matrix<2, 3>
 * ```
 */
export const sliceRows: typeof Sl.sliceRows = adopting("sliceRows", Sl.sliceRows, sliceRule);
/**
 * `getCol`, traced (a copy, as the op); its rule is getColBackward.
 * @example
 * ```ts
 * const c = ad.getCol(fromArray([[1, 2], [3, 4]]), 0); // Column<2>
 * ```
 */
export const getCol: typeof Sl.getCol = adopting("getCol", Sl.getCol, sliceRule);
/**
 * `sliceCols`, traced (a copy, as the op); its rule is sliceColsBackward.
 * @example
 * ```ts
 * const left = ad.sliceCols(ones(4, 3), 0, 2, 2); // Matrix<4, 2>
 * ```
 */
export const sliceCols: typeof Sl.sliceCols = adopting("sliceCols", Sl.sliceCols, sliceRule);

// The node holds a = the parts, b = the axis; input t is part t.
function joinRule(t: Tape, n: Node): void {
  const parts = n.a as readonly Leaf[];
  const outs = parts.map((_, i) => t.target(n, i));
  if (n.op === "concat") C.concatBackward(n.grad as M, parts as M[], n.b as 0 | 1, outs as (M | null)[]);
  else C.stackBackward(n.grad as M, parts as V[], n.b as 0 | 1, outs as (V | null)[]);
  outs.forEach((d, i) => {
    if (d) t.commit(n, i, d);
  });
}

function join<F extends (parts: never, axis: 0 | 1, size?: number) => Matrix<number, number, DType>>(
  op: "concat" | "stack",
  f: F,
): F {
  const plain = f as unknown as (parts: readonly Leaf[], axis: 0 | 1, size?: number) => M;
  return ((parts: readonly Leaf[], axis: 0 | 1, size?: number) => {
    const tape = active;
    const y = plain(parts, axis, size);
    if (tape === null) return y;
    const n = tape.next(op, joinRule, y.rows, y.cols, y.dtype, null, null, true);
    tape.inputsOf(
      n,
      parts.map((p) => tape.nodeOf(p)),
    );
    tape.adopt(n, y);
    // The parts array is the caller's: keep a copy, in case it is reused and changed after the call.
    n.a = parts.slice();
    n.b = axis;
    return y;
  }) as unknown as F;
}

/**
 * `concat`, traced: the rule (concatBackward) cuts dOut into the parts' shapes.
 * @example
 * ```ts
 * const both = ad.concat([zeros(2, 3), ones(4, 3)], 0, 6); // Matrix<6, 3>
 * ```
 */
export const concat: typeof C.concat = join("concat", C.concat);
/**
 * `stack`, traced: part t's gradient is row (axis 0) or column (axis 1) t of dOut.
 * @example
 * ```ts
 * const m = ad.stack([onesVector(3), zerosVector(3)], 0, 2); // Matrix<2, 3>
 * ```
 */
export const stack: typeof C.stack = join("stack", C.stack);
