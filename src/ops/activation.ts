// Activations, each with its backward right beside it, all read from the one activation table
// (kernels/activation.ts). Every backward takes the forward's OUTPUT y, relu's too: y > 0
// exactly where x > 0, so relu's backward from y equals the one from x.
import { ACTIVATIONS, type ActivationName } from "../kernels/activation.js";
import { ShapeError, fmtShape } from "../shape/shape-error.js";
import { like, type AnyTensor } from "./arithmetic.js";
import { isColumn, isMatrix, isVector, sameDType } from "./check.js";

/**
 * The name of an activation: "sigmoid", "relu" or "tanh". A network's default is "sigmoid", the
 * seed's choice, everywhere (the two-layer network, the MLP, the trainers).
 * @example
 * ```ts
 * const act: Activation = "relu";
 * ```
 */
export type Activation = ActivationName;

/** The default hidden activation of every network: the seed's sigmoid. */
export const DEFAULT_ACTIVATION: Activation = "sigmoid";

/** Throws a TypeError naming `op` unless `a` names an activation; returns it. */
export function checkActivation(op: string, a: unknown): Activation {
  if (typeof a !== "string" || !Object.hasOwn(ACTIVATIONS, a)) {
    const names = Object.keys(ACTIVATIONS)
      .map((s) => `"${s}"`)
      .join(", ");
    throw new TypeError(`${op}: activation must be one of ${names}, got ${JSON.stringify(a)}`);
  }
  return a as Activation;
}

function sameShape(op: string, a: AnyTensor, b: AnyTensor): void {
  if (!isMatrix(b) && !isVector(b) && !isColumn(b))
    throw new TypeError(`${op}: expected a Matrix, a Vector or a Column as the forward's output`);
  if (a.data.length !== b.data.length || a.kind !== b.kind || ("rows" in a && "rows" in b && a.rows !== b.rows)) {
    throw new ShapeError(op, `${fmtShape(a)} and ${fmtShape(b)}: shapes must be equal`);
  }
  sameDType(op, a, b);
}

/** f(x) for the activation named `act`, elementwise, into `out` (which may be x). */
export function activate<T extends AnyTensor>(op: string, act: Activation, x: T, out?: NoInfer<T>): T {
  const o = like(op, x, out);
  ACTIVATIONS[act].forward(o.data, x.data, x.data.length);
  return o as T;
}

/** dOut · f'(x) from the forward's output y, for the activation named `act`. */
export function activateBackward<T extends AnyTensor>(
  op: string,
  act: Activation,
  dOut: T,
  y: NoInfer<T>,
  out?: NoInfer<T>,
): T {
  sameShape(op, dOut, y);
  const o = like(op, dOut, out, [y]);
  ACTIVATIONS[act].backward(o.data, dOut.data, y.data, dOut.data.length);
  return o as T;
}

/** f'(x), through f(x) and the table's derivative from y. */
function gradAt<T extends AnyTensor>(op: string, act: Activation, x: T, out?: NoInfer<T>): T {
  const o = activate(op, act, x, out);
  ACTIVATIONS[act].derivative(o.data, o.data, o.data.length);
  return o;
}

/**
 * 1 / (1 + e^-x), stable for large |x|.
 * @example
 * ```ts
 * const z = sigmoid(fromArray([[-1, 0, 1]])); // Matrix<1, 3>
 * ```
 */
export function sigmoid<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return activate("sigmoid", "sigmoid", x, out);
}
/**
 * dX = dOut · y(1 − y), given the forward's output y = sigmoid(x).
 * @example
 * ```ts
 * const dX = sigmoidBackward(onesVector(3), sigmoid(vectorFromArray([-1, 0, 1])));
 * ```
 */
export function sigmoidBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  return activateBackward("sigmoidBackward", "sigmoid", dOut, y, out);
}
/**
 * The derivative of sigmoid at x: s(x)(1 − s(x)) (the seed's sigmoid_grad).
 * @example
 * ```ts
 * const g = sigmoidGrad(vectorFromArray([0])); // [0.25]
 * ```
 */
export function sigmoidGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return gradAt("sigmoidGrad", "sigmoid", x, out);
}

/**
 * max(x, 0).
 * @example
 * ```ts
 * const z = relu(vectorFromArray([-1, 2])); // [0, 2]
 * ```
 */
export function relu<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return activate("relu", "relu", x, out);
}
/**
 * dX = dOut where y > 0, else 0, given the forward's output y = relu(x) (y > 0 exactly where
 * x > 0; the subgradient at 0 is 0, as PyTorch's).
 * @example
 * ```ts
 * const y = relu(vectorFromArray([-1, 2]));
 * const dX = reluBackward(vectorFromArray([5, 5]), y); // [0, 5]
 * ```
 */
export function reluBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  return activateBackward("reluBackward", "relu", dOut, y, out);
}
/**
 * The derivative of relu at x: 1 where x > 0, else 0.
 * @example
 * ```ts
 * const g = reluGrad(vectorFromArray([-1, 2])); // [0, 1]
 * ```
 */
export function reluGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return gradAt("reluGrad", "relu", x, out);
}

/**
 * tanh(x).
 * @example
 * ```ts
 * const z = tanh(vectorFromArray([0, 1]));
 * ```
 */
export function tanh<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return activate("tanh", "tanh", x, out);
}
/**
 * dX = dOut · (1 − y²), given the forward's output y = tanh(x).
 * @example
 * ```ts
 * const y = tanh(vectorFromArray([0, 1]));
 * const dX = tanhBackward(vectorFromArray([1, 1]), y);
 * ```
 */
export function tanhBackward<T extends AnyTensor>(dOut: T, y: NoInfer<T>, out?: NoInfer<T>): T {
  return activateBackward("tanhBackward", "tanh", dOut, y, out);
}
/**
 * The derivative of tanh at x: 1 − tanh(x)².
 * @example
 * ```ts
 * const g = tanhGrad(vectorFromArray([0])); // [1]
 * ```
 */
export function tanhGrad<T extends AnyTensor>(x: T, out?: NoInfer<T>): T {
  return gradAt("tanhGrad", "tanh", x, out);
}
