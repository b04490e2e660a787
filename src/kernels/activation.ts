// Activations and their derivatives, elementwise; `out` may alias an input.
import type { Buf } from "../shape/dtype.js";

/** Split at 0 so exp never overflows: for x < 0, e^x / (1 + e^x) is the same value. */
export function sigmoid(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x >= 0) out[i] = 1 / (1 + Math.exp(-x));
    else {
      const e = Math.exp(x);
      out[i] = e / (1 + e);
    }
  }
  return out;
}
/** dX = dOut * y * (1 - y), from the forward's output y (cheaper than recomputing from x). */
export function sigmoidBackward(out: Buf, dOut: Buf, y: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const s = y[i]!;
    out[i] = dOut[i]! * s * (1 - s);
  }
  return out;
}
export function relu(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    out[i] = x > 0 ? x : 0;
  }
  return out;
}
/** dX = dOut where the forward's input was positive (subgradient 0 at 0, as PyTorch). */
export function reluBackward(out: Buf, dOut: Buf, x: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? dOut[i]! : 0;
  return out;
}
export function tanh(out: Buf, a: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(a[i]!);
  return out;
}
/** dX = dOut * (1 - y²), from the forward's output y. */
export function tanhBackward(out: Buf, dOut: Buf, y: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const t = y[i]!;
    out[i] = dOut[i]! * (1 - t * t);
  }
  return out;
}

/** out = y(1 − y) for y = sigmoid(x) already in `y`: the derivative of sigmoid. */
export function sigmoidGradFromOutput(out: Buf, y: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const s = y[i]!;
    out[i] = s * (1 - s);
  }
  return out;
}
/** out = 1 where x > 0, else 0: the derivative of relu (0 at 0, as PyTorch). */
export function reluGrad(out: Buf, x: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0;
  return out;
}
/** out = 1 − y² for y = tanh(x) already in `y`: the derivative of tanh. */
export function tanhGradFromOutput(out: Buf, y: Buf, n: number): Buf {
  for (let i = 0; i < n; i++) {
    const t = y[i]!;
    out[i] = 1 - t * t;
  }
  return out;
}
