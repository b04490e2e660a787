// Activations, each with its backward right beside it. Backward takes what the forward
// produced (its cache): sigmoid and tanh reuse their output y, relu its input x.
import * as k from "../kernels/activation.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import { like, type AnyTensor } from "./arithmetic.js";
import { isMatrix, isVector, sameDType } from "./check.js";

function sameShape(op: string, a: AnyTensor, b: AnyTensor): void {
  if (!isMatrix(b) && !isVector(b)) throw new TypeError(`${op}: expected a Matrix or a Vector as the cache`);
  if (a.data.length !== b.data.length || a.kind !== b.kind || ("rows" in a && "rows" in b && a.rows !== b.rows)) {
    throw new ShapeError(op, `${fmtShape(a)} and ${fmtShape(b)}: shapes must be equal`);
  }
  sameDType(op, a, b);
}

/** 1 / (1 + e^-x), stable for large |x|. @example const z = sigmoid(a); */
export function sigmoid<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = like("sigmoid", x, out);
  k.sigmoid(o.data, x.data, x.data.length);
  return o as T;
}
/** dX = dOut · y(1 − y), given the forward's output y = sigmoid(x). */
export function sigmoidBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  sameShape("sigmoidBackward", dOut, y);
  const o = like("sigmoidBackward", dOut, out, [y]);
  k.sigmoidBackward(o.data, dOut.data, y.data, dOut.data.length);
  return o as T;
}
/** The derivative of sigmoid at x: s(x)(1 − s(x)) (the seed's sigmoid_grad). */
export function sigmoidGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = sigmoid(x, out);
  k.sigmoidGradFromOutput(o.data, o.data, o.data.length);
  return o;
}

/** max(x, 0). */
export function relu<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = like("relu", x, out);
  k.relu(o.data, x.data, x.data.length);
  return o as T;
}
/** dX = dOut where x > 0, else 0, given the forward's input x. */
export function reluBackward<T extends AnyTensor>(dOut: T, x: NoInfer<T>, out?: NoInfer<T>): T {
  sameShape("reluBackward", dOut, x);
  const o = like("reluBackward", dOut, out, [x]);
  k.reluBackward(o.data, dOut.data, x.data, dOut.data.length);
  return o as T;
}
/** The derivative of relu at x: 1 where x > 0, else 0. */
export function reluGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = like("reluGrad", x, out);
  k.reluGrad(o.data, x.data, x.data.length);
  return o as T;
}

/** tanh(x). */
export function tanh<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = like("tanh", x, out);
  k.tanh(o.data, x.data, x.data.length);
  return o as T;
}
/** dX = dOut · (1 − y²), given the forward's output y = tanh(x). */
export function tanhBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  sameShape("tanhBackward", dOut, y);
  const o = like("tanhBackward", dOut, out, [y]);
  k.tanhBackward(o.data, dOut.data, y.data, dOut.data.length);
  return o as T;
}
/** The derivative of tanh at x: 1 − tanh(x)². */
export function tanhGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  const o = tanh(x, out);
  k.tanhGradFromOutput(o.data, o.data, o.data.length);
  return o;
}
