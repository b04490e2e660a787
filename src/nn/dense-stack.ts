// The one fast path: the engine behind the trainers, predict and accuracy, and the only nn file
// that calls kernels directly. A stack of affine layers (hidden ones followed by an activation,
// the last by softmax-cross-entropy) runs on raw arrays with every workspace allocated once, so
// a training step allocates nothing. It computes what the layers built from ops compute
// (affine.ts, activation.ts, ops/softmax.ts; test/nn/two-layer.test.ts keeps the two paths bit
// for bit equal on the same seed wherever both run the same loops: all but float32 sigmoid under
// wasm, whose SIMD exp is within 2 ulps), minus the work a trainer never needs: no dX for the first
// layer, no materialized transpose, bias fused into the activation (the activation table's
// biasForward / biasBackward), softmax + loss + gradient in one pass.
//
// Where the wasm kernels are available, the workspaces live in their memory (so no product
// copies them in or out), and a training batch is gathered as lists of its nonzeros rather than
// as dense rows: both X·W₁ and Xᵀ·dY₁ then run from the one list.
import { checkLabels } from "./labels.js";
import { allocate, type Buf, type DType, type Placement } from "../shape/dtype.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import { ACTIVATIONS } from "../kernels/activation.js";
import { takeRows } from "../kernels/gather.js";
import { gemmNN, gemmNT, gemmTN } from "../kernels/gemm.js";
import { addRow } from "../kernels/elementwise.js";
import { sumAxis0, argmaxRows } from "../kernels/reduce.js";
import { kernelFamily } from "../kernels/settings.js";
import { softmaxCrossEntropy, softmaxRows } from "../kernels/softmax.js";
import { countRows, expandRows, listRows, type Csr } from "../kernels/sparse-rows.js";
import {
  allocResident,
  allocRowLists,
  freeResident,
  freeRowLists,
  listNonzeros,
  reserveResident,
  scatterRows,
  spmmRows,
  type RowLists,
} from "../kernels/wasm/gemm-wasm.js";
import { spmmHeld, type HeldRows } from "../kernels/wasm/held-rows.js";
import type { Activation } from "./activation.js";
import { LISTS_MAX_DENSITY, type GatherAhead, type GatherSource } from "./gather-ahead.js";

/** One layer's parameters (or gradients) as the engine reads them. */
export interface DenseRef {
  readonly W: Matrix<number, number, DType>;
  readonly b: Vector<number, DType>;
}

/** Checks that layers chain (W_l is sizes[l] × sizes[l+1], b_l has sizes[l+1]) in one dtype. */
export function layerSizes(op: string, layers: readonly DenseRef[]): { sizes: number[]; dtype: DType } {
  if (layers.length === 0) throw new ShapeError(op, "a network needs at least one layer");
  const sizes = [layers[0]!.W.rows];
  const dtype = layers[0]!.W.dtype;
  for (let l = 0; l < layers.length; l++) checkLayer(op, layers[l]!, l, sizes[l]!, layers[l]!.W.cols, dtype, sizes);
  return { sizes, dtype };
}

function checkLayer(
  op: string,
  layer: DenseRef,
  l: number,
  rows: number,
  cols: number,
  dtype: DType,
  sizes?: number[],
): void {
  const { W, b } = layer;
  if (W?.kind !== "matrix" || b?.kind !== "vector")
    throw new TypeError(`${op}: layer ${l} needs a Matrix W and a Vector b`);
  if (W.rows !== rows || W.cols !== cols) {
    throw new ShapeError(
      op,
      `layer ${l}: W is ${fmtShape(W)} but the layer is [${rows}, ${cols}]${l > 0 ? ` (layer ${l - 1} outputs ${rows})` : ""}`,
    );
  }
  if (b.size !== cols) throw new ShapeError(op, `layer ${l}: b is ${fmtShape(b)} but W has ${cols} columns`);
  if (W.dtype !== dtype || b.dtype !== dtype)
    throw new ShapeError(op, `layer ${l}: dtype ${W.dtype}/${b.dtype} does not match ${dtype}`);
  sizes?.push(cols);
}

/**
 * Workspaces for `rows` rows through layers of `sizes`, and the passes over them. Parameters
 * are read through `layers` at each call, so replacing a parameter tensor is seen (and checked).
 */
export class DenseStack {
  readonly depth: number;
  /** z[l]: the output of layer l (after its activation; the last holds logits, then probabilities). */
  private readonly z: Buf[];
  /** delta[l]: ∂loss/∂(pre-activation of layer l), same shape as z[l]. Empty when not training. */
  private readonly delta: Buf[];
  /** The gathered input rows (stepRows) and their labels. */
  readonly xb: Buf;
  readonly yb: Int32Array;
  /** The current parameter storage of each layer, set by bind(). */
  private readonly W: Buf[];
  private readonly b: Buf[];
  /** The gathered batch as nonzero lists (training with the wasm kernels only), and whether the
   * current batch in xb is listed there too (false: too dense to pay, or a ready one via step). */
  private readonly lists: RowLists | null;
  private listed = false;
  /** Set when the listed input is rows pendingR0 .. of compressed rows held in wasm memory
   * (inputHeld): X·W₁ then runs from them, and nothing was listed. */
  private held: HeldRows | null = null;
  /** Products that ran from held rows (evaluation sets report it). */
  heldProducts = 0;
  /** Whether xb holds the current batch's rows. A batch taken from a helper as lists leaves it
   * stale; the rows are then gathered only if a product cannot run from the lists (denseInput). */
  private xbFilled = true;
  /** Where the rows a listed batch left out of xb come from: dense X (xRows × sizes[0]) or
   * compressed rows, at pendingIdx, or from row pendingR0 on when pendingRange. */
  private pendingX: Buf | Csr | null = null;
  private pendingRows = 0;
  private readonly pendingIdx: Int32Array;
  private pendingRange = false;
  private pendingR0 = 0;
  private pendingCount = 0;
  /** Workspaces placed in wasm memory, freed by release(). */
  private readonly resident: Buf[] = [];

  /**
   * Storage in wasm memory for a caller's arrays (a trainer's gradients), or null (no kernels, no
   * room): allocated within the room reserved for `extraResident`, and not freed by release()
   * (the garbage collector returns it with the array).
   */
  readonly placeResident: Placement;

  constructor(
    private readonly op: string,
    readonly sizes: readonly number[],
    readonly rows: number,
    readonly dtype: DType,
    readonly activation: Activation,
    training: boolean,
    extraResident = 0,
    /** Evaluation from compressed rows (inputRows): room for their lists, and for xb. */
    sparseInput = false,
  ) {
    this.depth = sizes.length - 1;
    this.z = [];
    this.delta = [];
    // The "js" kernel family asks for the TS kernels only: then nothing goes to wasm memory.
    const wasm = kernelFamily() !== "js";
    // Room for the resident workspaces first: once they exist the wasm memory cannot grow.
    let width = 0;
    for (let l = 1; l <= this.depth; l++) width += sizes[l]!;
    const E = dtype === "f64" ? 8 : 4;
    // Training: z and delta per layer, the batch xb and its lists (values and int32 offsets);
    // sparse evaluation: z, xb and the lists.
    const listed = training || sparseInput;
    if (wasm)
      reserveResident(extraResident + rows * ((training ? 2 : 1) * width * E + (listed ? sizes[0]! * (2 * E + 4) : 0)));
    this.placeResident = (d, n) => (wasm ? allocResident(d, n) : null);
    // Not zeroed: every workspace is written before it is read (see WasmHeap.allocResident).
    const place: Placement = (d, n) => {
      const r = wasm ? allocResident(d, n, false) : null;
      if (r) this.resident.push(r);
      return r;
    };
    for (let l = 0; l < this.depth; l++) {
      this.z.push(allocate(dtype, rows * sizes[l + 1]!, place));
      if (training) this.delta.push(allocate(dtype, rows * sizes[l + 1]!, place));
    }
    this.W = new Array<Buf>(this.depth);
    this.b = new Array<Buf>(this.depth);
    this.xb = listed ? allocate(dtype, rows * sizes[0]!, place) : allocate(dtype, 0);
    this.yb = new Int32Array(training ? rows : 0);
    this.lists = listed && wasm ? allocRowLists(dtype, rows, sizes[0]!, sizes[1]!) : null;
    this.pendingIdx = new Int32Array(training ? rows : 0);
  }

  /** Whether a gathered batch may come as nonzero lists (the wasm kernels, with room for them). */
  get usesLists(): boolean {
    return this.lists !== null;
  }

  /** Returns the workspaces held in wasm memory now (else they go at garbage collection). The
   * stack must not be used afterwards. */
  release(): void {
    for (const r of this.resident.splice(0)) freeResident(r);
    if (this.lists) freeRowLists(this.lists);
  }

  /** Reads (and checks) the current parameter storage of each layer. Allocates nothing. */
  bind(layers: readonly DenseRef[]): void {
    if (layers.length !== this.depth)
      throw new ShapeError(this.op, `${layers.length} layers given, the network has ${this.depth}`);
    for (let l = 0; l < this.depth; l++) {
      const layer = layers[l]!;
      checkLayer(this.op, layer, l, this.sizes[l]!, this.sizes[l + 1]!, this.dtype);
      this.W[l] = layer.W.data;
      this.b[l] = layer.b.data;
    }
  }

  /** Logits for `rows` rows of `input` (rows × sizes[0]; xb stands for the gathered batch,
   * listed or not); returns the buffer holding them. */
  forward(input: Buf, rows: number): Buf {
    const s = this.sizes,
      L = this.depth;
    let x = input;
    for (let l = 0; l < L; l++) {
      const z = this.z[l]!;
      if (!(l === 0 && input === this.xb && this.listed && this.firstFromLists(z, rows))) {
        if (l === 0) this.denseInput(input);
        gemmNN(z, x, this.W[l]!, rows, s[l]!, s[l + 1]!);
      }
      if (l < L - 1) ACTIVATIONS[this.activation].biasForward(z, this.b[l]!, rows, s[l + 1]!);
      else addRow(z, z, this.b[l]!, rows, s[l + 1]!);
      x = z;
    }
    return this.z[L - 1]!;
  }

  /** X·W₁ for the listed input, from the held rows or the lists; false when it cannot run. */
  private firstFromLists(z: Buf, rows: number): boolean {
    const h = this.held;
    if (h) {
      if (!spmmHeld(z, h, this.pendingR0, rows, this.W[0]!, this.sizes[1]!)) return false;
      this.heldProducts++;
      return true;
    }
    return spmmRows(z, this.lists!, rows, this.W[0]!);
  }

  /** Probabilities for `rows` rows written into `out` (rows × classes). */
  probabilities(out: Buf, input: Buf, rows: number): void {
    const logits = this.forward(input, rows);
    softmaxRows(out, logits, rows, this.sizes[this.depth]!);
  }

  /** How many of `rows` rows have their largest logit at their label (argmax: first wins ties,
   * and a row holding NaN predicts -1, so it is never counted correct). */
  countCorrect(input: Buf, rows: number, labels: ArrayLike<number>, labelOffset: number, pred: Int32Array): number {
    const logits = this.forward(input, rows);
    // argmax of the logits is the argmax of softmax(logits): softmax is monotonic in each row.
    const cols = this.sizes[this.depth]!;
    argmaxRows(pred, logits, rows, cols);
    let n = 0;
    // argmax answers a row's first NaN, so a row holding NaN has NaN there: such a row predicts
    // nothing and is never counted correct (it used to pass as class 0, a plausible 0.098).
    for (let i = 0; i < rows; i++)
      if (pred[i] === labels[labelOffset + i] && !Number.isNaN(logits[i * cols + pred[i]!]!)) n++;
    return n;
  }

  /**
   * Forward, fused softmax-cross-entropy against `this.yb`, and backward into `grads`; the first
   * layer's dX is never computed. Returns the mean loss.
   */
  lossAndGradients(input: Buf, rows: number, grads: readonly DenseRef[]): number {
    const s = this.sizes,
      L = this.depth;
    const logits = this.forward(input, rows);
    // Probabilities overwrite the logits (allowed by the kernel); delta[L-1] = (y_hat - t) / B.
    const loss = softmaxCrossEntropy(logits, this.delta[L - 1]!, logits, this.yb, null, rows, s[L]!);
    // The output layer's db here; each hidden layer's comes with its activation's backward.
    sumAxis0(grads[L - 1]!.b.data, this.delta[L - 1]!, rows, s[L]!);
    for (let l = L - 1; l >= 0; l--) {
      const x = l === 0 ? input : this.z[l - 1]!;
      const d = this.delta[l]!;
      if (!(
        l === 0 &&
        input === this.xb &&
        this.listed &&
        !this.held &&
        scatterRows(grads[0]!.W.data, this.lists!, rows, d)
      )) {
        if (l === 0) this.denseInput(input);
        gemmTN(grads[l]!.W.data, x, d, s[l]!, rows, s[l + 1]!);
      }
      if (l > 0) {
        const dPrev = this.delta[l - 1]!;
        gemmNT(dPrev, d, this.W[l]!, rows, s[l + 1]!, s[l]!);
        ACTIVATIONS[this.activation].biasBackward(dPrev, this.z[l - 1]!, grads[l - 1]!.b.data, rows, s[l]!);
      }
    }
    return loss;
  }

  /** Copies rows `indices` of X (n × sizes[0]) into xb and their labels into yb, checking both. */
  gather(X: Buf, xRows: number, labels: ArrayLike<number>, indices: ArrayLike<number>): void {
    this.gatherLabels(xRows, labels, indices);
    this.gatherRows(X, xRows, indices);
  }

  /**
   * Checks `indices` (B of them, into X's xRows rows) and `labels` (X's), and copies the batch's
   * labels into yb: the part of a gather that never comes from a helper (labels are small, and
   * read at the step they are never stale).
   */
  gatherLabels(xRows: number, labels: ArrayLike<number>, indices: ArrayLike<number>): void {
    const B = this.rows;
    for (let r = 0; r < B; r++) {
      const i = indices[r]!;
      if (!(Number.isInteger(i) && i >= 0 && i < xRows)) {
        throw new RangeError(`${this.op}: index ${i} at position ${r} is out of range for X's ${xRows} rows`);
      }
    }
    checkLabels(this.op, labels, xRows, this.sizes[this.depth]!, indices);
    for (let r = 0; r < B; r++) this.yb[r] = labels[indices[r]!]!;
  }

  /** Copies rows `indices` (checked) of X into xb, and lists them where that pays. */
  gatherRows(X: Buf, xRows: number, indices: ArrayLike<number>): void {
    takeRows(this.xb, X, indices, this.rows, this.sizes[0]!, xRows);
    this.xbFilled = true;
    this.listRows();
  }

  /**
   * Takes rows `indices` (checked) of X from slot `slot` of a helper's prefetch, as the helper
   * left them: its nonzero lists (then xb is gathered only if a product needs it dense), or its
   * dense rows. The same values as gatherRows, so the same bits downstream.
   */
  gatherReady(X: GatherSource, xRows: number, indices: ArrayLike<number>, ahead: GatherAhead, slot: number): void {
    this.held = null;
    const kind = ahead.kind(slot);
    if (kind >= 0 && this.lists) {
      ahead.copyLists(slot, this.lists, kind);
      this.listed = true;
      this.xbFilled = false;
      this.pendingX = X;
      this.pendingRows = xRows;
      this.pendingCount = this.rows;
      this.pendingRange = false;
      for (let r = 0; r < this.rows; r++) this.pendingIdx[r] = indices[r]!;
      return;
    }
    ahead.copyRows(slot, this.xb);
    this.xbFilled = true;
    // KIND_DENSE (-1): the helper listed them and found them too dense.
    if (kind === -1) this.listed = false;
    else this.listRows();
  }

  /**
   * Takes rows `indices` (checked) of compressed rows as the batch: copied into the lists from
   * the compressed entries where the lists pay (then xb is filled only if a product needs it
   * dense), else expanded into xb. The lists are the ones gatherRows makes from the same values
   * (the lister's own nonzero test, the same order), so the same bits downstream.
   */
  gatherSparse(csr: Csr, indices: ArrayLike<number>): void {
    this.takeSparse(csr, indices, 0, this.rows);
  }

  /**
   * Makes rows r0 .. r0 + count - 1 of compressed rows the input held in xb (count up to the
   * stack's rows): pass `this.xb` as the input of countCorrect or probabilities afterwards.
   */
  inputRows(csr: Csr, r0: number, count: number): void {
    this.takeSparse(csr, null, r0, count);
  }

  /**
   * Makes rows r0 .. r0 + count - 1 of compressed rows held in wasm memory (holdRows of `csr`)
   * the input held in xb, as inputRows does, without listing them: X·W₁ reads them in place.
   */
  inputHeld(held: HeldRows, csr: Csr, r0: number, count: number): void {
    // Where inputRows would expand the rows (too dense for lists to pay), so does this.
    if (!this.lists || countRows(csr, null, r0, count) > LISTS_MAX_DENSITY * count * this.sizes[0]!) {
      this.takeSparse(csr, null, r0, count);
      return;
    }
    this.held = held;
    this.listed = true;
    this.xbFilled = false;
    this.pendingX = csr;
    this.pendingRange = true;
    this.pendingR0 = r0;
    this.pendingCount = count;
  }

  private takeSparse(csr: Csr, indices: ArrayLike<number> | null, r0: number, count: number): void {
    this.held = null;
    const lists = this.lists;
    if (lists && countRows(csr, indices, r0, count) <= LISTS_MAX_DENSITY * count * this.sizes[0]!) {
      listRows(lists.ptr, lists.idx, lists.val, lists.stride, csr, indices, r0, count);
      this.listed = true;
      this.xbFilled = false;
      this.pendingX = csr;
      this.pendingRange = indices === null;
      this.pendingR0 = r0;
      this.pendingCount = count;
      if (indices) for (let r = 0; r < count; r++) this.pendingIdx[r] = indices[r]!;
      return;
    }
    expandRows(this.xb, csr, indices, r0, count);
    this.xbFilled = true;
    this.listed = false;
  }

  /** Lists xb's nonzeros, where that pays (the wasm kernels, a sparse enough batch). */
  private listRows(): void {
    this.held = null;
    const B = this.rows;
    // -1 when xb is not in wasm memory (no kernels, or no room): then the batch stays dense.
    const nnz = this.lists ? listNonzeros(this.lists, this.xb, B) : -1;
    this.listed = nnz >= 0 && nnz <= LISTS_MAX_DENSITY * B * this.sizes[0]!;
  }

  /** Before a dense product reads xb: gathers the rows a listed batch left out of it. */
  private denseInput(input: Buf): void {
    if (input !== this.xb || this.xbFilled) return;
    const from = this.pendingX!;
    if (from instanceof Float32Array || from instanceof Float64Array)
      takeRows(this.xb, from, this.pendingIdx, this.rows, this.sizes[0]!, this.pendingRows);
    else if (this.pendingRange) expandRows(this.xb, from, null, this.pendingR0, this.pendingCount);
    else expandRows(this.xb, from, this.pendingIdx, 0, this.pendingCount);
    this.xbFilled = true;
  }

  /** Copies a ready batch's labels into yb, checking them. */
  setLabels(labels: ArrayLike<number>): void {
    this.listed = false;
    this.held = null;
    checkLabels(this.op, labels, this.rows, this.sizes[this.depth]!);
    for (let r = 0; r < this.rows; r++) this.yb[r] = labels[r]!;
  }
}
