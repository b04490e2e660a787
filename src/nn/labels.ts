// Class labels as integer indices, typed by their batch: the labels of a `Dim<"test">` batch do
// not fit a loss over a `Dim<"train">` batch. Any array-like works; its `length` carries the dim.
import { ShapeError } from "../shape/shape-error.js";

/**
 * The class indices of a batch of `B` rows: any array-like of integers whose length the compiler
 * knows as `B`. A plain `Int32Array` or `number[]` is `Labels<number>`; `asLabels` narrows one to
 * a static or symbolic batch after checking it.
 * @example
 * const y: Labels<3> = [2, 0, 1] as const;
 */
export interface Labels<B extends number> extends ArrayLike<number> {
  readonly length: B;
}

/**
 * Checks that `labels` has `batch` entries (and, given `classes`, that each is an integer in
 * [0, classes)), and types it as the labels of that batch.
 * @example
 * const yb = asLabels(trainLabels.subarray(0, 100), 100); // Labels<100>
 */
export function asLabels<const B extends number>(labels: ArrayLike<number>, batch: B, classes?: number): Labels<B> {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError("asLabels: labels must be an array-like of class indices");
  }
  if (labels.length !== batch) throw new ShapeError("asLabels", `${labels.length} labels given but the batch size is ${batch}`);
  if (classes !== undefined) checkLabels("asLabels", labels, batch, classes);
  return labels as Labels<B>;
}

/**
 * Throws unless `labels` has `rows` entries, each an integer in [0, classes). A bad label would
 * otherwise read outside a row of logits and poison the loss with NaN far from the cause.
 * Allocates nothing, so a trainer's step() can call it on every step.
 */
export function checkLabels(op: string, labels: ArrayLike<number>, rows: number, classes: number): void {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError(`${op}: labels must be an array-like of class indices`);
  }
  if (labels.length !== rows) throw new ShapeError(op, `${labels.length} labels for ${rows} rows: they must match`);
  for (let i = 0; i < rows; i++) {
    const t = labels[i]!;
    if (!(Number.isInteger(t) && t >= 0 && t < classes)) {
      throw new RangeError(`${op}: label ${t} at row ${i} is not a class index in [0, ${classes})`);
    }
  }
}
