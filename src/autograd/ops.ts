// The traced ops: the library's ops with exactly their signatures (each is declared `typeof` the
// op), so code written against `ad` reads and types like ordinary typed-tensor code. Outside a
// traced call each one *is* the op. Inside one, it runs the op into a buffer the tape owns and
// records a node whose rule is the op's backward function from src/ops (or the loss backward
// from nn): the tape holds no derivative of its own. An op with no rule is not in `ad`, so
// using it on a traced value through `ad` does not compile.
import { allocate, type DType } from "../shape/dtype.js";
import { Matrix, Vector, type MatrixLike } from "../shape/tensor.js";
import { isColumn, isMatrix, isTransposed, isVector } from "../shape/guards.js";
import * as A from "../ops/arithmetic.js";
import * as Act from "../ops/activation.js";
import * as D from "../ops/dot.js";
import * as R from "../ops/reduce.js";
import * as Rows from "../ops/rows.js";
import * as Rs from "../ops/reshape.js";
import * as Sm from "../ops/softmax.js";
import * as Tr from "../ops/transpose.js";
import * as U from "../ops/unary.js";
import * as L from "../nn/loss.js";
import { checkLabels } from "../nn/labels.js";
import { softmaxCrossEntropy as sceKernel } from "../kernels/softmax.js";
import { copy } from "../kernels/elementwise.js";
import { kernelFamily } from "../kernels/settings.js";
import { biasSigmoidWasm } from "../kernels/wasm/activation-wasm.js";
import { active, colsOf, COLUMN, VECTOR, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";

type M = Matrix<number, number, DType>;
type V = Vector<number, DType>;

function noOut(op: string, out: unknown): void {
  if (out !== undefined) {
    throw new TypeError(
      `ad.${op}: out is not accepted inside a traced function: the tape owns the buffers of traced values`,
    );
  }
}

/** Records a same-shape op of one tensor input (output like `x`). */
function unaryNode(tape: Tape, op: string, rule: (t: Tape, n: Node) => void, x: Leaf, view = false): Node {
  return tape.next(op, rule, isMatrix(x) ? x.rows : x.data.length, colsOf(x), x.dtype, tape.nodeOf(x), null, view);
}

function shapeError(op: string, x: unknown): never {
  throw new TypeError(`ad.${op}: expected a Matrix, a Vector or a Column, got ${x === null ? "null" : typeof x}`);
}

// ---- dot ---------------------------------------------------------------------------------

function dotRule(t: Tape, n: Node): void {
  const dA = t.target(n, 0),
    dB = t.target(n, 1);
  D.dotBackwardInto(
    n.grad as M,
    n.a as MatrixLike<number, number, DType>,
    n.b as M,
    dA as M | null,
    dB as M | V | null,
  );
  if (dA) t.commit(n, 0, dA);
  if (dB) t.commit(n, 1, dB);
}

/**
 * `dot`, traced: the gradient of either operand (a transposed view's goes to its base) by dotBackward.
 * @example
 * ```ts
 * const X = ones(4, 3), W = ones(3, 2);
 * const { grads } = valueAndGrad((w: Matrix<3, 2>) => ad.sum(ad.dot(X, w)))(W); // grads: Matrix<3, 2>
 * ```
 */
export const dot: typeof D.dot = ((a: MatrixLike<number, number, DType>, b: M | V, out?: unknown) => {
  const tape = active;
  if (tape === null) return (D.dot as (a: unknown, b: unknown, out?: unknown) => unknown)(a, b, out);
  noOut("dot", out);
  // The newer forms have no rule yet: refused by name rather than differentiated wrongly.
  if (isVector(a))
    throw new TypeError("ad.dot: vector·matrix and the inner product have no rule yet; write dot(asRow(v), M)");
  if (isColumn(b)) throw new TypeError("ad.dot: matrix·column has no rule yet; write dot(M, v) with v a Vector");
  if (!isMatrix(a) && !isTransposed(a)) shapeError("dot", a);
  const vec = isVector(b);
  const cols = vec ? -1 : isMatrix(b) || isTransposed(b) ? b.cols : shapeError("dot", b);
  const n = tape.next("dot", dotRule, a.rows, cols, a.dtype, tape.nodeOf(a), tape.nodeOf(b));
  D.dot(a, b as M, n.out as never);
  n.a = a;
  n.b = b;
  return n.out;
}) as unknown as typeof D.dot;

// ---- elementwise -------------------------------------------------------------------------

function binaryRule(back: A.ElementwiseBackward): (t: Tape, n: Node) => void {
  return (t, n) => {
    const dA = t.target(n, 0),
      dB = t.target(n, 1);
    back(n.grad as M, n.a as M, n.b as M, { dA: dA as M | null, dB: dB as M | null });
    if (dA) t.commit(n, 0, dA);
    if (dB) t.commit(n, 1, dB);
  };
}

function binary<Op extends "add" | "sub" | "mul" | "div">(
  op: Op,
  f: A.Elementwise<Op>,
  back: A.ElementwiseBackward<Op>,
): A.Elementwise<Op> {
  const rule = binaryRule(back as A.ElementwiseBackward);
  return ((a: Leaf, b: Leaf | number, out?: unknown) => {
    const tape = active;
    if (tape === null) return f(a, b as never, out as never);
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
    f(a, b as never, n.out as never);
    n.a = a;
    n.b = b;
    return n.out;
  }) as A.Elementwise<Op>;
}

/**
 * `add`, traced (same shapes, a scalar, or a bias row vector whose gradient is the sum over rows).
 * @example
 * ```ts
 * const X = ones(4, 3), b = zerosVector(3);
 * const { grads } = valueAndGrad((p: Vector<3>) => ad.sum(ad.add(X, p)))(b); // grads: Vector<3>
 * ```
 */
export const add: A.Elementwise<"add"> = binary("add", A.add, A.addBackward);
/**
 * `sub`, traced.
 * @example
 * ```ts
 * const d = ad.sub(ones(2, 2), 1);
 * ```
 */
export const sub: A.Elementwise<"sub"> = binary("sub", A.sub, A.subBackward);
/**
 * `mul` (elementwise), traced.
 * @example
 * ```ts
 * const d = ad.mul(ones(2, 2), 3);
 * ```
 */
export const mul: A.Elementwise<"mul"> = binary("mul", A.mul, A.mulBackward);
/**
 * `div` (elementwise), traced.
 * @example
 * ```ts
 * const d = ad.div(ones(2, 2), 2);
 * ```
 */
export const div: A.Elementwise<"div"> = binary("div", A.div, A.divBackward);

function rsubRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (d) t.commit(n, 0, A.rsubBackward(n.grad as M, d as M));
}
/**
 * `rsub` (s - a), traced.
 * @example
 * ```ts
 * const q = ad.rsub(1, ones(2, 2));
 * ```
 */
export const rsub: typeof A.rsub = ((s: number, a: Leaf, out?: unknown) => {
  const tape = active;
  if (tape === null) return A.rsub(s, a, out as never);
  noOut("rsub", out);
  const n = unaryNode(tape, "rsub", rsubRule, a);
  A.rsub(s, a, n.out as never);
  return n.out;
}) as typeof A.rsub;

function rdivRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (d) t.commit(n, 0, A.rdivBackward(n.grad as M, n.a as M, n.b as number, d as M));
}
/**
 * `rdiv` (s / a), traced.
 * @example
 * ```ts
 * const q = ad.rdiv(1, ones(2, 2));
 * ```
 */
export const rdiv: typeof A.rdiv = ((s: number, a: Leaf, out?: unknown) => {
  const tape = active;
  if (tape === null) return A.rdiv(s, a, out as never);
  noOut("rdiv", out);
  const n = unaryNode(tape, "rdiv", rdivRule, a);
  A.rdiv(s, a, n.out as never);
  n.a = a;
  n.b = s;
  return n.out;
}) as typeof A.rdiv;

// ---- one-input elementwise: neg, exp, log, sqrt, the activations, clone -------------------------

/** `backward(dOut, saved, out)` with saved = the forward's input ("x") or output ("y"). */
function oneInput<F extends (a: never, out?: never) => unknown>(
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

/**
 * `neg`, traced.
 * @example
 * ```ts
 * const m = ad.neg(ones(2, 2));
 * ```
 */
export const neg: typeof A.neg = oneInput("neg", A.neg, A.negBackward, "none");
/**
 * `exp`, traced; its rule reads the output.
 * @example
 * ```ts
 * const e = ad.exp(zeros(2, 2));
 * ```
 */
export const exp: typeof U.exp = oneInput("exp", U.exp, U.expBackward, "y");
/**
 * `log`, traced; its rule reads the input.
 * @example
 * ```ts
 * const l = ad.log(ones(2, 2));
 * ```
 */
export const log: typeof U.log = oneInput("log", U.log, U.logBackward, "x");
/**
 * `sqrt`, traced; its rule reads the output.
 * @example
 * ```ts
 * const r = ad.sqrt(ones(2, 2));
 * ```
 */
export const sqrt: typeof U.sqrt = oneInput("sqrt", U.sqrt, U.sqrtBackward, "y");
/**
 * The float32 sigmoid of the hand-written trainer (the wasm SIMD kernel, within 2 ulps of the TS
 * loop; Math.exp was a third of a tape step) where it runs, else the op. Bias 0 adds nothing: x +
 * 0 is x (and σ(-0) = σ(+0)). The "js" kernel family keeps the TS loop, as for the trainer.
 */
function sigmoidForward<T extends Leaf>(x: T, out?: T): T {
  if (
    out !== undefined &&
    x.dtype === "f32" &&
    isMatrix(x) &&
    kernelFamily() !== "js" &&
    x.data.length === out.data.length
  ) {
    copy(out.data, x.data, x.data.length);
    if (biasSigmoidWasm(out.data, zeroBias(x.cols), x.rows, x.cols)) return out;
  }
  return Act.sigmoid(x, out as never) as T;
}
let zeros32 = new Float32Array(0);
function zeroBias(n: number): Float32Array {
  if (zeros32.length < n) zeros32 = new Float32Array(Math.max(n, 2 * zeros32.length));
  return zeros32.length === n ? zeros32 : zeros32.subarray(0, n);
}

/**
 * `sigmoid`, traced; its rule is sigmoidBackward(dOut, y).
 * @example
 * ```ts
 * const s = ad.sigmoid(zeros(2, 2));
 * ```
 */
export const sigmoid: typeof Act.sigmoid = oneInput(
  "sigmoid",
  sigmoidForward as typeof Act.sigmoid,
  Act.sigmoidBackward,
  "y",
);
/**
 * `relu`, traced; its rule is reluBackward(dOut, y) (y > 0 exactly where x > 0).
 * @example
 * ```ts
 * const r = ad.relu(zeros(2, 2));
 * ```
 */
export const relu: typeof Act.relu = oneInput("relu", Act.relu, Act.reluBackward, "y");
/**
 * `tanh`, traced; its rule is tanhBackward(dOut, y).
 * @example
 * ```ts
 * const h = ad.tanh(zeros(2, 2));
 * ```
 */
export const tanh: typeof Act.tanh = oneInput("tanh", Act.tanh, Act.tanhBackward, "y");
/**
 * `clone`, traced (the gradient passes through).
 * @example
 * ```ts
 * const c = ad.clone(ones(2, 2));
 * ```
 */
export const clone: typeof U.clone = oneInput("clone", U.clone, U.clone as (dOut: M, out: M) => M, "none");

/**
 * `softmax` (rows), traced; its rule is softmaxBackward(dOut, y).
 * @example
 * ```ts
 * const p = ad.softmax(zeros(2, 3));
 * ```
 */
export const softmax: typeof Sm.softmax = oneInput(
  "softmax",
  Sm.softmax,
  Sm.softmaxBackward as (dOut: M, y: M, out: M) => M,
  "y",
);

// ---- reductions ----------------------------------------------------------------------------

function reduceRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  const a = n.a as Leaf,
    axis = n.b as 0 | 1 | undefined;
  const g = axis === undefined ? n.scalarGrad : (n.grad as V);
  // A vector is reduced as the 1 × N matrix it is laid out as.
  const am = isMatrix(a) ? a : (n.c as M),
    dm = isMatrix(d) ? d : new Matrix(d.data as never, 1, d.data.length);
  if (n.op === "max") R.maxBackward(g, am, axis, dm);
  else
    R.sumBackward(
      g,
      am,
      axis,
      n.op === "mean" ? 1 / (axis === undefined ? a.data.length : axis === 0 ? am.rows : am.cols) : 1,
      dm,
    );
  t.commit(n, 0, d);
}

function reduction(op: "sum" | "mean" | "max", f: typeof R.sum): typeof R.sum {
  return ((a: Leaf, axis?: 0 | 1, out?: unknown) => {
    const tape = active;
    if (tape === null) return (f as (a: Leaf, axis?: 0 | 1, out?: unknown) => unknown)(a, axis, out);
    noOut(op, out);
    if (!isMatrix(a) && !isVector(a) && !isColumn(a)) shapeError(op, a);
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
    n.a = a;
    n.b = axis;
    if (!isMatrix(a) && (n.c === undefined || (n.c as M).data !== a.data))
      n.c = new Matrix(a.data as never, 1, a.data.length);
    if (axis === undefined) {
      n.value = (f as (a: Leaf) => number)(a);
      return n.value;
    }
    return (f as (a: Leaf, axis: 0 | 1, out: unknown) => unknown)(a, axis, n.out);
  }) as typeof R.sum;
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

// ---- rows, reshapes, transpose ----------------------------------------------------------------

function takeRowsRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  Rows.takeRowsBackward(n.grad as M, n.b as Rows.Indices, (n.a as M).rows, d as M);
  t.commit(n, 0, d);
}
/**
 * `takeRows`, traced: the rule scatter-adds the rows back.
 * @example
 * ```ts
 * const r = ad.takeRows(ones(4, 2), [0, 3]);
 * ```
 */
export const takeRows: typeof Rows.takeRows = ((m: M, indices: Rows.Indices, batch?: number, out?: unknown) => {
  const tape = active;
  if (tape === null) return Rows.takeRows(m, indices, batch, out as never);
  noOut("takeRows", out);
  if (!isMatrix(m)) shapeError("takeRows", m);
  const n = tape.next("takeRows", takeRowsRule, indices.length, m.cols, m.dtype, tape.nodeOf(m), null);
  Rows.takeRows(m, indices, batch, n.out as never);
  n.a = m;
  n.b = indices;
  return n.out;
}) as typeof Rows.takeRows;

function viewRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  Rs.reshapeBackward(n.grad as M, n.a as M | V, d as M | V);
  t.commit(n, 0, d);
}
function viewOp<F extends (...args: never[]) => Leaf>(op: string, f: F): F {
  return ((a: Leaf, ...rest: unknown[]) => {
    const tape = active;
    const view = (f as unknown as (...args: unknown[]) => Leaf)(a, ...rest);
    if (tape === null) return view;
    const n = tape.next(
      op,
      viewRule,
      isMatrix(view) ? view.rows : view.data.length,
      colsOf(view),
      view.dtype,
      tape.nodeOf(a),
      null,
      true,
    );
    tape.adopt(n, view);
    n.a = a;
    return view;
  }) as unknown as F;
}
/**
 * `reshape`, traced (a view; the gradient is dOut in the input's shape).
 * @example
 * ```ts
 * const m = ad.reshape(onesVector(6), 2, 3);
 * ```
 */
export const reshape: typeof Rs.reshape = viewOp("reshape", Rs.reshape);
/**
 * `flatten`, traced.
 * @example
 * ```ts
 * const v = ad.flatten(ones(2, 3));
 * ```
 */
export const flatten: typeof Rs.flatten = viewOp("flatten", Rs.flatten);
/**
 * `asRow`, traced.
 * @example
 * ```ts
 * const r = ad.asRow(onesVector(3));
 * ```
 */
export const asRow: typeof Rs.asRow = viewOp("asRow", Rs.asRow);
/**
 * `asColumn`, traced.
 * @example
 * ```ts
 * const c = ad.asColumn(onesVector(3));
 * ```
 */
export const asColumn: typeof Rs.asColumn = viewOp("asColumn", Rs.asColumn);

function transposeRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  // transpose(m.T) copies m: its gradient is dOut as it is.
  if (n.b === true) U.clone(n.grad as M, d as M);
  else Tr.transposeBackward(n.grad as M, d as M);
  t.commit(n, 0, d);
}
/**
 * `transpose`, traced.
 * @example
 * ```ts
 * const t = ad.transpose(ones(2, 3)); // Matrix<3, 2>
 * ```
 */
export const transpose: typeof Tr.transpose = ((m: MatrixLike<number, number, DType>, out?: unknown) => {
  const tape = active;
  if (tape === null) return Tr.transpose(m, out as never);
  noOut("transpose", out);
  if (!isMatrix(m) && !isTransposed(m)) shapeError("transpose", m);
  const n = tape.next("transpose", transposeRule, m.cols, m.rows, m.dtype, tape.nodeOf(m), null);
  Tr.transpose(m, n.out as never);
  n.b = isTransposed(m);
  return n.out;
}) as typeof Tr.transpose;

// ---- losses ------------------------------------------------------------------------------

/** The losses' rules give no gradient to the target: a target computed from parameters is refused, not silently cut. */
function constantTarget(tape: Tape, op: string, target: unknown): void {
  if (tape.nodeOf(target)?.needsGrad) {
    throw new TypeError(`ad.${op}: the target depends on the parameters; a loss's target must be a constant (data)`);
  }
}

function sceRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  L.softmaxCrossEntropyBackward(n.c as L.SoftmaxCrossEntropyCache<number, number, DType>, n.scalarGrad, d as M);
  t.commit(n, 0, d);
}
/**
 * `softmaxCrossEntropy`, traced: `.loss` is what f returns; the rule is softmaxCrossEntropyBackward.
 * With class indices the forward runs the same fused kernel into the tape's buffers (nn's
 * allocates its probabilities and a copy of the labels per call).
 * @example
 * ```ts
 * const out = ad.softmaxCrossEntropy(zeros(2, 3), asLabels([0, 2], 2)); // out.loss = log 3
 * ```
 */
export const softmaxCrossEntropy: typeof L.softmaxCrossEntropy = ((logits: M, target: M | ArrayLike<number>) => {
  const tape = active;
  if (tape === null) return L.softmaxCrossEntropy(logits, target as never);
  if (!isMatrix(logits)) throw new TypeError("ad.softmaxCrossEntropy: logits must be a Matrix");
  constantTarget(tape, "softmaxCrossEntropy", target);
  const n = tape.next("softmaxCrossEntropy", sceRule, -1, -1, logits.dtype, tape.nodeOf(logits), null);
  if (isMatrix(target)) {
    const r = L.softmaxCrossEntropy(logits, target as never);
    n.c = r.cache;
    n.value = r.loss;
    return r;
  }
  const B = logits.rows,
    K = logits.cols;
  checkLabels("ad.softmaxCrossEntropy", target, B, K);
  if (B === 0) throw new RangeError("ad.softmaxCrossEntropy: the batch is empty: a mean over 0 rows is undefined");
  let cache = n.c as L.SoftmaxCrossEntropyCache<number, number, DType> | undefined;
  if (cache === undefined || cache.probs.rows !== B || cache.probs.cols !== K || cache.probs.dtype !== logits.dtype) {
    const buf = () => new Matrix(allocate(logits.dtype, B * K) as never, B, K);
    cache = { probs: buf(), grad: buf() };
    n.c = cache;
  }
  // The loss op's own kernel and cache ({ probs, grad = (ŷ - t) / B }), into the tape's buffers.
  n.value = sceKernel(cache.probs.data, cache.grad.data, logits.data, target as ArrayLike<number>, null, B, K);
  return { loss: n.value, probs: cache.probs, cache };
}) as typeof L.softmaxCrossEntropy;

function crossEntropyRule(t: Tape, n: Node): void {
  const d = t.target(n, 0);
  if (!d) return;
  L.crossEntropyBackward(n.a as M, n.b as never, n.scalarGrad, d as M);
  t.commit(n, 0, d);
}
/**
 * `crossEntropy` of probabilities, traced; the rule is crossEntropyBackward.
 * @example
 * ```ts
 * const l = ad.crossEntropy(full(2, 2, 0.5), asLabels([0, 1], 2));
 * ```
 */
export const crossEntropy: typeof L.crossEntropy = ((y: M, t: unknown) => {
  const tape = active;
  if (tape === null) return L.crossEntropy(y, t as never);
  if (!isMatrix(y)) throw new TypeError("ad.crossEntropy: y must be a Matrix");
  constantTarget(tape, "crossEntropy", t);
  const n = tape.next("crossEntropy", crossEntropyRule, -1, -1, y.dtype, tape.nodeOf(y), null);
  n.value = L.crossEntropy(y, t as never);
  n.a = y;
  n.b = t;
  return n.value;
}) as typeof L.crossEntropy;
