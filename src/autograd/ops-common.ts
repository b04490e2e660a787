// What the traced ops share: the refusal of `out`, the node of a same-shape op, and the two
// wrappers most ops are made with (one tensor input; two operands in the forms `add` takes).
import type { DType } from "../shape/dtype.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import { isColumn, isMatrix, isVector } from "../shape/guards.js";
import type { ElementwiseBackward } from "../ops/arithmetic.js";
import { active, colsOf, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";

export type M = Matrix<number, number, DType>;
export type V = Vector<number, DType>;

export function noOut(op: string, out: unknown): void {
  if (out !== undefined) {
    throw new TypeError(
      `ad.${op}: out is not accepted inside a traced function: the tape owns the buffers of traced values`,
    );
  }
}

/** Records a same-shape op of one tensor input (output like `x`). */
export function unaryNode(tape: Tape, op: string, rule: (t: Tape, n: Node) => void, x: Leaf, view = false): Node {
  return tape.next(op, rule, isMatrix(x) ? x.rows : x.data.length, colsOf(x), x.dtype, tape.nodeOf(x), null, view);
}

export function shapeError(op: string, x: unknown): never {
  throw new TypeError(`ad.${op}: expected a Matrix, a Vector or a Column, got ${x === null ? "null" : typeof x}`);
}

/**
 * A traced op whose output is the plain op's own result, which the node adopts: a view (reshape,
 * getRow, sliceRows) or a new tensor the op made because it takes no `out` (getCol, sliceCols).
 * The node holds a = the input tensor, b = the op's second argument (an index or start), for
 * `rule`.
 */
export function adopting<F extends (a: never, ...rest: never[]) => Leaf>(
  op: string,
  f: F,
  rule: (t: Tape, n: Node) => void,
): F {
  const plain = f as unknown as (a: Leaf, ...rest: unknown[]) => Leaf;
  return ((a: Leaf, ...rest: unknown[]) => {
    const tape = active;
    const y = plain(a, ...rest);
    if (tape === null) return y;
    const n = tape.next(op, rule, isMatrix(y) ? y.rows : y.data.length, colsOf(y), y.dtype, tape.nodeOf(a), null, true);
    tape.adopt(n, y);
    n.a = a;
    n.b = rest[0];
    return y;
  }) as unknown as F;
}

/**
 * A traced op of one tensor and one or two numbers, whose output is shaped like the tensor (rsub,
 * rdiv, pow, clip). `tensorAt` is the tensor's position among the op's `arity` arguments (`out`
 * comes after them). The node holds a = the tensor, b and c = the numbers in order, for `rule`.
 */
export function withNumbers<F extends (...args: never[]) => unknown>(
  op: string,
  f: F,
  rule: (t: Tape, n: Node) => void,
  tensorAt: 0 | 1,
  arity: 2 | 3,
): F {
  const plain = f as unknown as (...args: unknown[]) => unknown;
  return ((...args: unknown[]) => {
    const tape = active;
    if (tape === null) return plain(...args);
    noOut(op, args[arity]);
    const a = args[tensorAt];
    checkLeaf(op, a);
    const n = unaryNode(tape, op, rule, a);
    n.a = a;
    n.b = args[tensorAt === 0 ? 1 : 0];
    n.c = arity === 3 ? args[2] : undefined;
    args.length = arity + 1;
    args[arity] = n.out;
    plain(...args);
    return n.out;
  }) as unknown as F;
}

/** Throws unless `x` is a tensor an elementwise op takes as its first operand. */
export function checkLeaf(op: string, x: unknown): asserts x is Leaf {
  if (!isMatrix(x) && !isVector(x) && !isColumn(x)) shapeError(op, x);
}

function binaryRule(back: ElementwiseBackward): (t: Tape, n: Node) => void {
  return (t, n) => {
    const dA = t.target(n, 0),
      dB = t.target(n, 1);
    back(n.grad as M, n.a as M, n.b as M, { dA: dA as M | null, dB: dB as M | null });
    if (dA) t.commit(n, 0, dA);
    if (dB) t.commit(n, 1, dB);
  };
}

/** A traced elementwise op of two operands (a tensor, a broadcast vector or a number) from the op and its backward. */
export function binary<F extends (a: never, b: never, out?: never) => unknown>(
  op: string,
  f: F,
  back: ElementwiseBackward,
): F {
  const rule = binaryRule(back);
  return ((a: Leaf, b: Leaf | number, out?: unknown) => {
    const tape = active;
    if (tape === null) return (f as unknown as (a: Leaf, b: unknown, out?: unknown) => unknown)(a, b, out);
    noOut(op, out);
    if (!isMatrix(a) && !isVector(a) && !isColumn(a)) shapeError(op, a);
    const n = tape.next(
      op,
      rule,
      isMatrix(a) ? a.rows : a.data.length,
      colsOf(a),
      a.dtype,
      tape.nodeOf(a),
      tape.nodeOf(b),
    );
    (f as unknown as (a: Leaf, b: unknown, out?: unknown) => unknown)(a, b, n.out);
    n.a = a;
    n.b = b;
    return n.out;
  }) as unknown as F;
}

/** `backward(dOut, saved, out)` with saved = the forward's input ("x") or output ("y"). */
export function oneInput<F extends (a: never, out?: never) => unknown>(
  op: string,
  f: F,
  backward: ((dOut: M, saved: M, out: M) => M) | ((dOut: M, out: M) => M),
  saves: "x" | "y" | "none",
): F {
  const rule = (t: Tape, n: Node): void => {
    const d = t.target(n, 0);
    if (!d) return;
    if (saves === "none") (backward as (dOut: M, out: M) => M)(n.grad as M, d as M);
    else (backward as (dOut: M, saved: M, out: M) => M)(n.grad as M, (saves === "x" ? n.a : n.out) as M, d as M);
    t.commit(n, 0, d);
  };
  return ((a: Leaf, out?: unknown) => {
    const tape = active;
    if (tape === null) return (f as unknown as (a: Leaf, out?: unknown) => unknown)(a, out);
    noOut(op, out);
    if (!isMatrix(a) && !isVector(a) && !isColumn(a)) shapeError(op, a);
    const n = unaryNode(tape, op, rule, a);
    (f as unknown as (a: Leaf, out?: unknown) => unknown)(a, n.out);
    n.a = a;
    return n.out;
  }) as unknown as F;
}
