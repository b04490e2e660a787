// typed-tensor's one public entry point: re-exports the public surface only (kernels stay private).
export { dim, type Dim, type Size } from "./shape/dim.js";
export { type DType, type ArrayOf, allocationCount } from "./shape/dtype.js";
export { ShapeError } from "./shape/shape-error.js";
export { Matrix, Vector, Transposed, type MatrixLike, type Tensor } from "./shape/tensor.js";
export { assertShape, assertSize, assertDType } from "./shape/assert-shape.js";
export { isMatrix, isVector, isTransposed } from "./shape/guards.js";
export { Rng, rng } from "./random/rng.js";
export {
  zeros, zerosVector, ones, onesVector, full, fullVector, eye, fromArray, vectorFromArray,
  fromTypedArray, vectorFromTypedArray, randn, uniform,
} from "./ops/create.js";
export { dot, dotBackward, type DotResult } from "./ops/dot.js";
export { transpose } from "./ops/transpose.js";
export { add, sub, mul, div, rsub, rdiv, neg, type Elementwise, type AnyTensor } from "./ops/arithmetic.js";
export { exp, log, sqrt, map, clone } from "./ops/unary.js";
export {
  sigmoid, sigmoidBackward, sigmoidGrad, relu, reluBackward, reluGrad, tanh, tanhBackward, tanhGrad,
} from "./ops/activation.js";
export { softmax, softmaxBackward } from "./ops/softmax.js";
export { sum, mean, max, argmax } from "./ops/reduce.js";
export { takeRows, type Indices } from "./ops/rows.js";
export { reshape, flatten, asRow, asColumn } from "./ops/reshape.js";
export { allClose } from "./ops/compare.js";
export { astype, toArray } from "./ops/convert.js";
