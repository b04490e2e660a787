// The traced ops: the library's ops with exactly their signatures (each is declared `typeof` the
// op), so code written against `ad` reads and types like ordinary typed-tensor code. Outside a
// traced call each one *is* the op. Inside one, it runs the op into a buffer the tape owns and
// records a node whose rule is the op's backward function from src/ops (or the loss backward
// from nn): the tape holds no derivative of its own. An op with no rule is not in `ad`, so
// using it on a traced value through `ad` does not compile. This file holds dot, the arithmetic,
// the activations, rows, reshapes, transpose and the losses, and re-exports the rest of `ad`:
// ops-pointwise.ts (abs, pow, clip, minimum, maximum, the comparisons, where), ops-reduce.ts (the
// reductions) and ops-slice.ts (slices and joins); ops-common.ts holds the shared wrappers.
import { allocate, type DType } from "../shape/dtype.js";
import { Matrix, type MatrixLike } from "../shape/tensor.js";
import { isColumn, isMatrix, isTransposed, isVector } from "../shape/guards.js";
import * as A from "../ops/arithmetic.js";
import * as Act from "../ops/activation.js";
import * as D from "../ops/dot.js";
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
import type { ElementwiseBackward } from "../ops/arithmetic.js";
import { active, COLUMN, VECTOR, type Node, type Tape } from "./tape.js";
import type { Leaf } from "./tree.js";
import { adopting, binary, noOut, oneInput, shapeError, withNumbers, type M, type V } from "./ops-common.js";

export { sum, mean, max, min, logSumExp, variance, std } from "./ops-reduce.js";
export {
  abs,
  pow,
  clip,
  minimum,
  maximum,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  notEqual,
  where,
} from "./ops-pointwise.js";
export { getRow, sliceRows, getCol, sliceCols, concat, stack } from "./ops-slice.js";

// ---- dot ---------------------------------------------------------------------------------

function dotRule(t: Tape, n: Node): void {
  const dA = t.target(n, 0),
    dB = t.target(n, 1);
  // The inner product's node is a scalar one: its dOut is the number scalarGrad.
  D.dotBackwardInto(
    n.out === null ? n.scalarGrad : (n.grad as M),
    n.a as MatrixLike<number, number, DType>,
    n.b as M,
    dA as M | null,
    dB as M | V | null,
  );
  if (dA) t.commit(n, 0, dA);
  if (dB) t.commit(n, 1, dB);
}

/**
 * `dot`, traced, in every form: the gradient of either operand (a transposed view's goes to its
 * base) by dotBackwardInto. The inner product `dot(u, v)` is a scalar node, like a full `sum`:
 * f may return it as its loss.
 * @example
 * ```ts
 * const X = ones(4, 3), W = ones(3, 2);
 * const { grads } = valueAndGrad((w: Matrix<3, 2>) => ad.sum(ad.dot(X, w)))(W); // grads: Matrix<3, 2>
 * const dv = grad((v: Vector<3>) => ad.dot(v, v))(onesVector(3)); // 2·v
 * ```
 */
export const dot: typeof D.dot = ((a: MatrixLike<number, number, DType> | V, b: M | V, out?: unknown) => {
  const tape = active;
  if (tape === null) return (D.dot as (a: unknown, b: unknown, out?: unknown) => unknown)(a, b, out);
  noOut("dot", out);
  const bVec = isVector(b) || isColumn(b);
  if (!bVec && !isMatrix(b) && !isTransposed(b)) shapeError("dot", b);
  let rows: number, cols: number;
  if (isVector(a)) {
    // u·v (v a Vector or a Column) is a number, a scalar node; v·M a row vector of M's columns.
    rows = bVec ? -1 : (b as M).cols;
    cols = VECTOR;
  } else if (isMatrix(a) || isTransposed(a)) {
    rows = a.rows;
    cols = isVector(b) ? VECTOR : isColumn(b) ? COLUMN : (b as M).cols;
  } else shapeError("dot", a);
  const n = tape.next("dot", dotRule, rows, cols, a.dtype, tape.nodeOf(a), tape.nodeOf(b));
  n.a = a;
  n.b = b;
  if (rows < 0) {
    n.value = D.dot(a as V, b as V);
    return n.value;
  }
  D.dot(a as M, b as M, n.out as never);
  return n.out;
}) as unknown as typeof D.dot;

// ---- elementwise (minimum, maximum, where and the comparisons are in ops-pointwise.ts) -------

/**
 * `add`, traced (same shapes, a scalar, or a bias row vector whose gradient is the sum over rows).
 * @example
 * ```ts
 * const X = ones(4, 3), b = zerosVector(3);
 * const { grads } = valueAndGrad((p: Vector<3>) => ad.sum(ad.add(X, p)))(b); // grads: Vector<3>
 * ```
 */
export const add: A.Elementwise<"add"> = binary("add", A.add, A.addBackward as ElementwiseBackward);
/**
 * `sub`, traced.
 * @example
 * ```ts
 * const d = ad.sub(ones(2, 2), 1);
 * ```
 */
export const sub: A.Elementwise<"sub"> = binary("sub", A.sub, A.subBackward as ElementwiseBackward);
/**
 * `mul` (elementwise), traced.
 * @example
 * ```ts
 * const d = ad.mul(ones(2, 2), 3);
 * ```
 */
export const mul: A.Elementwise<"mul"> = binary("mul", A.mul, A.mulBackward as ElementwiseBackward);
/**
 * `div` (elementwise), traced.
 * @example
 * ```ts
 * const d = ad.div(ones(2, 2), 2);
 * ```
 */
export const div: A.Elementwise<"div"> = binary("div", A.div, A.divBackward as ElementwiseBackward);

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
export const rsub: typeof A.rsub = withNumbers("rsub", A.rsub, rsubRule, 1, 2);

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
export const rdiv: typeof A.rdiv = withNumbers("rdiv", A.rdiv, rdivRule, 1, 2);

// ---- one-input elementwise: neg, exp, log, sqrt, the activations, clone -------------------------

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
/**
 * `reshape`, traced (a view; the gradient is dOut in the input's shape).
 * @example
 * ```ts
 * const m = ad.reshape(onesVector(6), 2, 3);
 * ```
 */
export const reshape: typeof Rs.reshape = adopting("reshape", Rs.reshape, viewRule);
/**
 * `flatten`, traced.
 * @example
 * ```ts
 * const v = ad.flatten(ones(2, 3));
 * ```
 */
export const flatten: typeof Rs.flatten = adopting("flatten", Rs.flatten, viewRule);
/**
 * `asRow`, traced.
 * @example
 * ```ts
 * const r = ad.asRow(onesVector(3));
 * ```
 */
export const asRow: typeof Rs.asRow = adopting("asRow", Rs.asRow, viewRule);
/**
 * `asColumn`, traced.
 * @example
 * ```ts
 * const c = ad.asColumn(onesVector(3));
 * ```
 */
export const asColumn: typeof Rs.asColumn = adopting("asColumn", Rs.asColumn, viewRule);
/**
 * `toColumn`, traced (a view; the gradient is dOut as a row vector).
 * @example
 * ```ts
 * const c = ad.toColumn(onesVector(3)); // Column<3>
 * ```
 */
export const toColumn: typeof Rs.toColumn = adopting("toColumn", Rs.toColumn, viewRule);
/**
 * `toRow`, traced (a view; the gradient is dOut as a column).
 * @example
 * ```ts
 * const r = ad.toRow(ad.sum(ones(3, 2), 1)); // Vector<3>
 * ```
 */
export const toRow: typeof Rs.toRow = adopting("toRow", Rs.toRow, viewRule);

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
