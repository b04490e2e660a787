// Class labels as integer indices, typed by their batch: the labels of a `Dim<"test">` batch do
// not fit a loss over a `Dim<"train">` batch. Any array-like works; its `length` carries the dim.
import { ShapeError } from "../shape/shape-error.js";

/**
 * The class indices of a batch of `B` rows: any array-like of integers whose length the compiler
 * knows as `B`. A plain `Int32Array` or `number[]` is `Labels<number>`; `asLabels` narrows one to
 * a static or symbolic batch after checking it.
 * @example
 * ```ts
 * const y: Labels<3> = [2, 0, 1] as const;
 * ```
 */
export interface Labels<B extends number> extends ArrayLike<number> {
  readonly length: B;
}

/**
 * Checks that `labels` has `batch` entries (and, given `classes`, that each is an integer in
 * [0, classes)), and types it as the labels of that batch.
 * @example
 * ```ts
 * const trainLabels = new Uint8Array(60000);
 * const yb = asLabels(trainLabels.subarray(0, 100), 100); // Labels<100>
 * ```
 */
export function asLabels<const B extends number>(labels: ArrayLike<number>, batch: B, classes?: number): Labels<B> {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError("asLabels: labels must be an array-like of class indices");
  }
  if (labels.length !== batch)
    throw new ShapeError("asLabels", `${labels.length} labels given but the batch size is ${batch}`);
  if (classes !== undefined) checkLabels("asLabels", labels, batch, classes);
  return labels as Labels<B>;
}

/**
 * The labels at `indices`, in order (repeats allowed): a minibatch's labels, gathered through the
 * same indices as its rows (`takeRows`), typed by the batch. `B` is the number of indices, or
 * `batch` when given. Writes into `out` when given (an Int32Array of the batch's length).
 * @example
 * ```ts
 * const trainLabels = asLabels(new Uint8Array([3, 1, 4, 1, 5]), 5);
 * const yb = takeLabels(trainLabels, [4, 0], 2); // Labels<2>: [5, 3]
 * ```
 */
export function takeLabels<const B extends number = number>(
  labels: Labels<number>,
  indices: ArrayLike<number>,
  batch?: B,
  out?: Int32Array,
): Labels<B> & Int32Array {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError("takeLabels: labels must be an array-like of class indices");
  }
  const count = indices?.length;
  if (typeof count !== "number") throw new TypeError("takeLabels: indices must be an array-like of row numbers");
  if (batch !== undefined && batch !== count)
    throw new ShapeError("takeLabels", `${count} indices given but the batch size is ${batch}`);
  const o = out ?? new Int32Array(count);
  if (o.length !== count)
    throw new ShapeError("takeLabels", `out has ${o.length} entries but there are ${count} indices`);
  for (let r = 0; r < count; r++) {
    const i = indices[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < labels.length)) {
      throw new RangeError(`takeLabels: index ${i} at position ${r} is out of range for ${labels.length} labels`);
    }
    o[r] = labels[i]!;
  }
  return o as Labels<B> & Int32Array;
}

/**
 * The one label check. Throws unless `labels` has `rows` entries, each an integer in
 * [0, classes); with `indices`, checks only the labels at those rows (a trainer's gathered
 * batch), naming the row. A bad label would otherwise read outside a row of logits and poison
 * the loss with NaN far from the cause. Allocates nothing, so a trainer's step can call it.
 */
export function checkLabels(
  op: string,
  labels: ArrayLike<number>,
  rows: number,
  classes: number,
  indices?: ArrayLike<number>,
): void {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError(`${op}: labels must be an array-like of class indices`);
  }
  if (labels.length !== rows) throw new ShapeError(op, `${labels.length} labels for ${rows} rows: they must match`);
  const n = indices ? indices.length : rows;
  for (let r = 0; r < n; r++) {
    const i = indices ? indices[r]! : r;
    const t = labels[i]!;
    if (!(Number.isInteger(t) && t >= 0 && t < classes)) {
      throw new RangeError(`${op}: label ${t} at row ${i} is not a class index in [0, ${classes})`);
    }
  }
}
