// Reverse-mode autodiff: the traced ops (`ad`), valueAndGrad / grad, and the gradient type.
export * as ad from "./ops.js";
export { valueAndGrad, grad, type ValueAndGradient } from "./value-and-grad.js";
export type { Gradients, Differentiable, Leaf } from "./tree.js";
