// The tape: the record of one traced call, replayed backward. Traced ops (ops.ts) run the
// ordinary op into a buffer the tape owns and push a node naming the rule (an op's backward
// function) and what it reads. The tape keeps its nodes, buffers and gradient buffers from one
// call to the next: a call that records the same ops on the same shapes as the last (every
// training step) reuses all of them, so a steady training loop allocates no tensor storage.
import { allocate, type DType, type Placement } from "../shape/dtype.js";
import { Column, Matrix, Vector } from "../shape/tensor.js";
import { isColumn, isMatrix, isTransposed, isVector } from "../shape/guards.js";
import { add as addKernel } from "../kernels/elementwise.js";
import type { Leaf } from "./tree.js";

/** A rule: given its node with `grad` (or `scalarGrad`) filled, adds its inputs' gradients. */
export type Rule = (tape: Tape, node: Node) => void;

/** One recorded op (or one parameter leaf). */
export class Node {
  /** The forward's tensor output (null for a scalar output). */
  out: Leaf | null = null;
  value = 0;
  /** ∂L/∂out, allocated once and reused; for a parameter, its tensor in the gradient tree. */
  grad: Leaf | null = null;
  scalarGrad = 0;
  hasGrad = false;
  needsGrad = false;
  gen = -1;
  readonly inputs: (Node | null)[] = [null, null];
  /** What the rule reads from the forward: operands, axis, indices, a cache. */
  a: unknown = undefined;
  b: unknown = undefined;
  c: unknown = undefined;
  /** Per-input buffers for a second and later contribution to an input's gradient. */
  readonly scratch: (Leaf | null)[] = [null, null];
  constructor(
    readonly op: string,
    public rule: Rule | null,
  ) {}
}

/** The tape being recorded, if any: traced ops record onto it, and run untraced otherwise. */
export let active: Tape | null = null;

export class Tape {
  private readonly nodes: Node[] = [];
  private count = 0;
  private gen = 0;
  /** The node of every tensor the tape made or was given as a parameter. Stale unless gen matches. */
  private readonly owner = new WeakMap<object, Node>();

  /** Where the tape's buffers (outputs, gradients, scratch) come from when it gives them. */
  constructor(private readonly place?: Placement) {}

  /** Starts a recording; throws if another is under way (no gradients of gradients). */
  begin(what: string): void {
    if (active !== null)
      throw new Error(`${what}: called while another traced function runs; nested gradients are not supported`);
    active = this;
    this.gen++;
    this.count = 0;
  }

  end(): void {
    if (active === this) active = null;
  }

  /** Registers a parameter leaf whose gradient goes to `grad`; returns its node. */
  leaf(param: Leaf, grad: Leaf): Node {
    let n = this.owner.get(param);
    if (n === undefined || n.rule !== null) {
      n = new Node("param", null);
      this.owner.set(param, n);
    }
    n.out = param;
    n.grad = grad;
    n.gen = this.gen;
    n.hasGrad = false;
    n.needsGrad = true;
    return n;
  }

  /** The live node of a tensor (a view's base counts as the view), or null for a constant. */
  nodeOf(x: unknown): Node | null {
    if (typeof x !== "object" || x === null) return null;
    const key = isTransposed(x) ? x.base : x;
    const n = this.owner.get(key);
    return n !== undefined && n.gen === this.gen ? n : null;
  }

  /**
   * The next node, for an op whose output is a `rows × cols` matrix (cols = VECTOR: a row vector
   * of `rows`; cols = COLUMN: a column vector of `rows`; rows < 0: a scalar) of `dtype`, reusing the node at this position of the last
   * recording when it was the same op on the same shape.
   */
  next(
    op: string,
    rule: Rule,
    rows: number,
    cols: number,
    dtype: DType,
    in0: Node | null,
    in1: Node | null,
    view = false,
  ): Node {
    let n = this.nodes[this.count];
    if (n === undefined || n.op !== op || !fits(n.out, rows, cols, dtype)) {
      n = new Node(op, rule);
      if (rows >= 0 && !view) {
        n.out =
          cols >= 0
            ? new Matrix(allocate(dtype, rows * cols, this.place), rows, cols)
            : cols === COLUMN
              ? new Column(allocate(dtype, rows, this.place), rows)
              : new Vector(allocate(dtype, rows, this.place), rows);
      }
      if (n.out) this.owner.set(n.out, n);
      this.nodes[this.count] = n;
    }
    this.count++;
    n.gen = this.gen;
    n.hasGrad = false;
    n.inputs[0] = in0;
    n.inputs[1] = in1;
    n.inputs.length = 2;
    n.needsGrad = (in0 !== null && in0.needsGrad) || (in1 !== null && in1.needsGrad);
    return n;
  }

  /** Gives node `n` (from `next`) the inputs `ins` instead, for an op of any number of tensors (concat). */
  inputsOf(n: Node, ins: readonly (Node | null)[]): void {
    n.inputs.length = ins.length;
    n.needsGrad = false;
    for (let i = 0; i < ins.length; i++) {
      n.inputs[i] = ins[i]!;
      if (ins[i] !== null && ins[i]!.needsGrad) n.needsGrad = true;
    }
  }

  /** Makes `view` (which shares another tensor's data) the output of node `n`. */
  adopt(n: Node, view: Leaf): void {
    n.out = view;
    this.owner.set(view, n);
  }

  /** The last scalar node whose value is `value` (what f returned), or null. */
  output(value: number): Node | null {
    for (let i = this.count - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (n.out === null && Object.is(n.value, value)) return n;
    }
    return null;
  }

  /** Runs the rules from `out` back to the leaves. */
  backward(out: Node): void {
    out.scalarGrad = 1;
    out.hasGrad = true;
    for (let i = this.count - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (n.hasGrad && n.needsGrad) n.rule!(this, n);
    }
  }

  /**
   * Where a rule writes input `slot`'s gradient contribution: the input's own gradient buffer for
   * the first contribution, else this node's scratch (added in by `commit`); null when the input
   * needs no gradient (a constant), so the rule skips that product altogether.
   */
  target(n: Node, slot: number): Leaf | null {
    const input = n.inputs[slot];
    if (input === undefined || input === null || !input.needsGrad) return null;
    // An input also in an earlier slot (sub(x, x), concat([x, x])) takes its first contribution
    // there: this slot's goes to scratch, or both would write the same buffer before either commits.
    if (!input.hasGrad && n.inputs.indexOf(input) === slot)
      return input.grad ?? (input.grad = emptyLike(input.out!, this.place));
    const s = n.scratch[slot];
    return s != null && sameShape(s, input.out!) ? s : (n.scratch[slot] = emptyLike(input.out!, this.place));
  }

  /** Records that `buf` (from `target`) now holds input `slot`'s contribution. */
  commit(n: Node, slot: number, buf: Leaf): void {
    const input = n.inputs[slot]!;
    if (!input.hasGrad && buf === input.grad) {
      input.hasGrad = true;
      return;
    }
    const g = input.grad!;
    addKernel(g.data, g.data, buf.data, g.data.length);
  }
}

/** `cols` codes for the 1-D outputs of Tape.next: a row vector (Vector) or a column (Column). */
export const VECTOR = -1;
export const COLUMN = -2;

/** The `cols` code of a tensor's shape, for Tape.next. */
export function colsOf(x: Leaf): number {
  return isMatrix(x) ? x.cols : isColumn(x) ? COLUMN : VECTOR;
}

function fits(out: Leaf | null, rows: number, cols: number, dtype: DType): boolean {
  if (rows < 0) return out === null;
  if (out === null || out.dtype !== dtype) return false;
  if (cols === COLUMN) return isColumn(out) && out.size === rows;
  if (cols < 0) return isVector(out) && out.size === rows;
  return isMatrix(out) && out.rows === rows && out.cols === cols;
}

function sameShape(a: Leaf, b: Leaf): boolean {
  return (
    a.kind === b.kind &&
    a.dtype === b.dtype &&
    a.data.length === b.data.length &&
    (!isMatrix(a) || a.rows === (b as Matrix<number, number, DType>).rows)
  );
}

/** A zeroed tensor of `t`'s shape and dtype, its storage from `place` when it gives one. */
export function emptyLike(t: Leaf, place?: Placement): Leaf {
  if (isMatrix(t)) return new Matrix(allocate(t.dtype, t.rows * t.cols, place), t.rows, t.cols);
  return isColumn(t)
    ? new Column(allocate(t.dtype, t.data.length, place), t.data.length)
    : new Vector(allocate(t.dtype, t.data.length, place), t.data.length);
}
