// typed-tensor's public entry point: re-exports the public surface only (kernels stay private).
// Nothing here may import node:* (not even lazily), so any bundler takes it for the browser as is;
// Node-only loaders and file I/O live in src/node.ts (typed-tensor/node).
export { dim, type Dim, type Size } from "./shape/dim.js";
export { type DType, type ArrayOf } from "./shape/dtype.js";
export { ShapeError } from "./shape/shape-error.js";
export { Matrix, Vector, Transposed, type MatrixLike, type Tensor } from "./shape/tensor.js";
export { assertShape, assertSize, assertDType } from "./shape/assert-shape.js";
export { isMatrix, isVector, isTransposed } from "./shape/guards.js";
export { Rng, rng, type RngState } from "./random/rng.js";
export {
  zeros,
  zerosVector,
  ones,
  onesVector,
  full,
  fullVector,
  eye,
  fromArray,
  vectorFromArray,
  fromTypedArray,
  vectorFromTypedArray,
  randn,
  uniform,
} from "./ops/create.js";
export { dot, dotBackward, type DotResult, type DotOperand } from "./ops/dot.js";
export { transpose } from "./ops/transpose.js";
export {
  add,
  sub,
  mul,
  div,
  rsub,
  rdiv,
  neg,
  type Elementwise,
  type Operand,
  type AnyTensor,
} from "./ops/arithmetic.js";
export { exp, log, sqrt, map, clone } from "./ops/unary.js";
export {
  sigmoid,
  sigmoidBackward,
  sigmoidGrad,
  relu,
  reluBackward,
  reluGrad,
  tanh,
  tanhBackward,
  tanhGrad,
} from "./ops/activation.js";
export { softmax, softmaxBackward } from "./ops/softmax.js";
export { sum, mean, max, argmax } from "./ops/reduce.js";
export { takeRows, type Indices } from "./ops/rows.js";
export { sparseRows, isSparseRows, type SparseRows } from "./ops/sparse-rows.js";
export { reshape, flatten, asRow, asColumn } from "./ops/reshape.js";
export { allClose } from "./ops/compare.js";
export { axpy } from "./ops/axpy.js";
export { astype, toArray } from "./ops/convert.js";
// autograd: reverse-mode autodiff over the ops (the traced ops as `ad`, valueAndGrad / grad, the
// gradient type that nn re-exports).
export { ad, valueAndGrad, grad, type ValueAndGradient, type Differentiable, type Leaf } from "./autograd/index.js";
// The backward functions the tape's rules call, beside their ops in src/ops (dotBackward, the
// activations' and softmaxBackward are exported with their ops above).
export {
  addBackward,
  subBackward,
  mulBackward,
  divBackward,
  rsubBackward,
  rdivBackward,
  negBackward,
  type ElementwiseBackward,
  type ElementwiseGradsOut,
  type OperandGrad,
} from "./ops/arithmetic.js";
export { dotBackwardInto } from "./ops/dot.js";
export { expBackward, logBackward, sqrtBackward } from "./ops/unary.js";
export { sumBackward, maxBackward } from "./ops/reduce.js";
export { takeRowsBackward } from "./ops/rows.js";
export { reshapeBackward } from "./ops/reshape.js";
export { transposeBackward } from "./ops/transpose.js";
// Issue 11: column vectors (the axis a vector lives on is in its type), slices and writes, joins,
// more elementwise ops, masks, more reductions.
export { Column } from "./shape/tensor.js";
export { isColumn } from "./shape/guards.js";
export { toColumn, toRow } from "./ops/reshape.js";
export { type ColumnOperand } from "./ops/arithmetic.js";
export { getRow, getCol, sliceRows, sliceCols, setRow, setCol, setRows, setCols } from "./ops/slice.js";
export { concat, stack } from "./ops/concat.js";
export { abs, pow, clip } from "./ops/unary.js";
export { minimum, maximum, greater, greaterEqual, less, lessEqual, equal, notEqual, where } from "./ops/select.js";
export {
  min,
  argmin,
  variance,
  std,
  logSumExp,
  type VarianceOptions,
  type Reduction,
  type Spread,
} from "./ops/reduce.js";
export { type DotLeftKind } from "./ops/dot.js";
// Issue 11's backward functions (the rules of the new `ad` ops).
export { absBackward, powBackward, clipBackward } from "./ops/unary.js";
export { minimumBackward, maximumBackward, whereBackward, type WhereGradsOut } from "./ops/select.js";
export { minBackward, logSumExpBackward, varianceBackward, stdBackward } from "./ops/reduce.js";
export { getRowBackward, getColBackward, sliceRowsBackward, sliceColsBackward } from "./ops/slice.js";
export { concatBackward, stackBackward } from "./ops/concat.js";
// nn: layers with typed caches, losses, init, optimizers, the two-layer network, the MLP.
export { type Param, type Gradients, type ParamTree, zerosLike, paramEntries } from "./nn/params.js";
export { type Labels, asLabels, takeLabels } from "./nn/labels.js";
export { type ModelOptions, modelMetadata, modelOptions } from "./nn/model-options.js";
export {
  affineForward,
  affineBackward,
  type AffineCache,
  type AffineGrads,
  type AffineBackwardOptions,
} from "./nn/affine.js";
export { type Activation, type ActivationCache, activationForward, activationBackward } from "./nn/activation.js";
export {
  type Target,
  type SoftmaxCrossEntropyCache,
  oneHot,
  crossEntropy,
  crossEntropyBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
} from "./nn/loss.js";
export { type Init, type InitOptions, initStd } from "./nn/init.js";
export { type Optimizer, type OptimizerState, sgd, momentum, adam } from "./nn/optim.js";
export { type Trainer, type TrainerOptions } from "./nn/trainer.js";
export {
  type TwoLayer,
  type TwoLayerParams,
  type TwoLayerCache,
  twoLayer,
  initTwoLayer,
  twoLayerForward,
  twoLayerBackward,
  trainStep,
  createTrainer,
  predict,
  accuracy,
} from "./nn/two-layer.js";
export {
  type Dense,
  type AnyDense,
  type Chained,
  type InputOf,
  type OutputOf,
  type DTypeOf,
  type LayersOf,
  type MLPCache,
  MLP,
  initDense,
  initMLP,
  mlp,
} from "./nn/mlp.js";
export { type EvalSet, type EvalLayers, type PendingAccuracy, evalSet } from "./nn/eval-set.js";
// io: safetensors bytes (files are saved and loaded by typed-tensor/node, src/node.ts).
export {
  SafetensorsError,
  encodeSafetensors,
  decodeSafetensors,
  tensorValues,
  CHECKSUM_KEY,
  type SafetensorsDType,
  type TensorEntry,
  type DecodedTensor,
} from "./io/safetensors-format.js";
export { fromSafetensorsBytes, toSafetensorsBytes, type LoadOptions } from "./io/safetensors-params.js";
// data: IDX parsing and MNIST from bytes (files are read by typed-tensor/node, src/node.ts).
export { DataError, DataNotFoundError } from "./data/data-error.js";
export {
  parseIdx,
  encodeIdx,
  idxDeclaredLength,
  type IdxType,
  type IdxData,
  type IdxArray,
  type IdxExpect,
} from "./data/idx.js";
export {
  imagesFromIdx,
  labelsFromIdx,
  labeledImages,
  mnistFromBytes,
  mnistLikeFromBytes,
  MNIST_SIZES,
  type NamedBytes,
  type MnistBytes,
  type LabeledImages,
  type Mnist,
  type MnistLike,
} from "./data/mnist.js";
