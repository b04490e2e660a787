// The traced reductions: sum, mean, max, min, logSumExp, variance, std. Over an axis each records
// a node with a Vector or Column output; over everything, a scalar node whose value is the number
// returned (which f may return as its loss). A vector (or column) input is reduced as the 1 × N
// matrix it is laid out as, so each rule is the op's matrix backward from src/ops/reduce.ts.
import { Matrix } from "../shape/tensor.js";
import { isMatrix } from "../shape/guards.js";
import * as R from "../ops/reduce.js";
import { active, COLUMN, VECTOR, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";
import { checkLeaf, noOut, type M, type V } from "./ops-common.js";

type Op = "sum" | "mean" | "max" | "min" | "logSumExp" | "variance" | "std";

// The node holds a = the input as a matrix, b = the axis (undefined: everything), c = ddof.
function reduceRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  const am = n.a as M,
    axis = n.b as 0 | 1 | undefined;
  const g = axis === undefined ? n.scalarGrad : (n.grad as V);
  const y = axis === undefined ? n.value : (n.out as V);
  const dm = isMatrix(d) ? d : new Matrix(d.data as never, 1, d.data.length);
  const op = n.op as Op;
  if (op === "max") R.maxBackward(g, am, axis, dm);
  else if (op === "min") R.minBackward(g, am, axis, dm);
  else if (op === "logSumExp") R.logSumExpBackward(g, am, y, axis, dm);
  else if (op === "variance") R.varianceBackward(g, am, axis, n.c as number, dm);
  else if (op === "std") R.stdBackward(g, am, y, axis, n.c as number, dm);
  else {
    const count = axis === undefined ? am.data.length : axis === 0 ? am.rows : am.cols;
    R.sumBackward(g, am, axis, op === "mean" ? 1 / count : 1, dm);
  }
  t.commit(n, 0, d);
}

/** Records a reduction of `a` over `axis` and returns its node (the forward still to run). */
function record(tape: Tape, op: Op, a: Leaf, axis: 0 | 1 | undefined): Node {
  checkLeaf(op, a);
  const size = axis === undefined ? -1 : isMatrix(a) ? (axis === 0 ? a.cols : a.rows) : 0;
  const n = tape.next(
    op,
    reduceRule,
    axis === undefined ? -1 : size,
    axis === 1 ? COLUMN : VECTOR,
    a.dtype,
    tape.nodeOf(a),
    null,
  );
  // A vector's 1 × N view is made once and kept while the node sees the same vector.
  if (isMatrix(a)) n.a = a;
  else if (!(n.a instanceof Matrix) || n.a.data !== a.data) n.a = new Matrix(a.data as never, 1, a.data.length);
  n.b = axis;
  return n;
}

function reduction(op: Op, f: R.Reduction): R.Reduction {
  const plain = f as (a: Leaf, axis?: 0 | 1, out?: unknown) => unknown;
  return ((a: Leaf, axis?: 0 | 1, out?: unknown) => {
    const tape = active;
    if (tape === null) return plain(a, axis, out);
    noOut(op, out);
    const n = record(tape, op, a, axis);
    if (axis === undefined) {
      n.value = plain(a) as number;
      return n.value;
    }
    return plain(a, axis, n.out);
  }) as R.Reduction;
}

function spread(op: "variance" | "std", f: R.Spread): R.Spread {
  const plain = f as (a: Leaf, axis?: 0 | 1, options?: R.VarianceOptions<unknown>) => unknown;
  return ((a: Leaf, axis?: 0 | 1, options?: R.VarianceOptions<unknown>) => {
    const tape = active;
    if (tape === null) return plain(a, axis, options);
    noOut(op, options?.out);
    const n = record(tape, op, a, axis);
    n.c = options?.ddof ?? 0;
    if (axis === undefined) {
      n.value = plain(a, undefined, { ddof: n.c as number }) as number;
      return n.value;
    }
    return plain(a, axis, { ddof: n.c as number, out: n.out });
  }) as R.Spread;
}

/**
 * `sum`, traced: over axis 0 or 1 (a vector) or of everything (a number, which f may return).
 * @example
 * ```ts
 * const total = ad.sum(ones(2, 3)); // 6
 * ```
 */
export const sum: typeof R.sum = reduction("sum", R.sum);
/**
 * `mean`, traced.
 * @example
 * ```ts
 * const m = ad.mean(ones(2, 3), 0);
 * ```
 */
export const mean: typeof R.mean = reduction("mean", R.mean);
/**
 * `max`, traced: the gradient goes to the first maximal element.
 * @example
 * ```ts
 * const m = ad.max(ones(2, 3), 1);
 * ```
 */
export const max: typeof R.max = reduction("max", R.max);
/**
 * `min`, traced: the gradient goes to the first minimal element (max's tie rule).
 * @example
 * ```ts
 * const m = ad.min(fromArray([[3, 1], [2, 5]]), 0); // Vector<2>
 * ```
 */
export const min: typeof R.min = reduction("min", R.min);
/**
 * `logSumExp`, traced: its rule is logSumExpBackward, dOut times the softmax of each run, read
 * from the output.
 * @example
 * ```ts
 * const lse = ad.logSumExp(zeros(2, 3), 1); // Column<2>: ln 3 each
 * ```
 */
export const logSumExp: typeof R.logSumExp = reduction("logSumExp", R.logSumExp);
/**
 * `variance`, traced (`{ ddof }` as the op; an `out` is refused inside a traced function).
 * @example
 * ```ts
 * const v = ad.variance(fromArray([[1, 3], [5, 7]]), 1, { ddof: 1 }); // Column<2>
 * ```
 */
export const variance: typeof R.variance = spread("variance", R.variance);
/**
 * `std`, traced: its rule reads the output, and gives 0 to a run whose values are all equal
 * (std 0, where √ has no derivative).
 * @example
 * ```ts
 * const s = ad.std(fromArray([[1, 3], [5, 7]]), 0); // Vector<2>
 * ```
 */
export const std: typeof R.std = spread("std", R.std);
