// Gradients<P> is one mapped type over a parameter tree: same keys, exactly the same shapes and
// dtypes, records stay records and tuples stay tuples. zerosLike builds one; ParamTree refuses
// anything that is not a tree of tensors.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  initDense,
  initMLP,
  initTwoLayer,
  rng,
  zeros,
  zerosLike,
  zerosVector,
  type Dense,
  type Gradients,
  type Matrix,
  type Param,
  type ParamTree,
  type TwoLayerParams,
  type Vector,
} from "../..";

const g = rng(0);
type P = TwoLayerParams<784, 50, 10>;
type Layers = [Dense<784, 128>, Dense<128, 10>];
type Nested = { encoder: { W: Matrix<784, 32>; b: Vector<32> }; heads: [Matrix<32, 10, "f64">, Vector<10, "f64">] };

// Every key maps to exactly its parameter's type (Equals is strict identity, not assignability).
type SameShapes<T> = { [K in keyof T]-?: Equals<Gradients<T>[K], T[K]> };
expectType<{ W1: 1; b1: 1; W2: 1; b2: 1 }>(null as unknown as SameShapes<P>);
expectType<1>(null as unknown as Equals<keyof Gradients<P>, keyof P>);
// Tuples stay tuples (an MLP's layers), nested records stay nested.
expectType<1>(null as unknown as Equals<Gradients<Layers>, Layers>);
expectType<1>(null as unknown as Equals<Gradients<Nested>["heads"], Nested["heads"]>);
expectType<1>(null as unknown as Equals<Gradients<Nested>["encoder"]["W"], Matrix<784, 32>>);
// Dynamic dims stay dynamic, not widened further or narrowed.
expectType<1>(null as unknown as Equals<Gradients<TwoLayerParams<number, 50, 10>>["W1"], Matrix<number, 50>>);

// zerosLike: the gradients of what it is given, leaf by leaf.
const params = initTwoLayer(g, 784, 50, 10);
const grads = zerosLike(params);
expectType<Gradients<TwoLayerParams<784, 50, 10, "f32">>>(grads);
expectType<Matrix<784, 50, "f32">>(grads.W1);
expectType<Vector<50, "f32">>(grads.b1);
expectType<Matrix<4, 3, "f64">>(zerosLike(initTwoLayer(g, 4, 3, 2, { dtype: "f64" })).W1);
const layers = initMLP(g, [784, 128, 10] as const);
expectType<Matrix<128, 10, "f32">>(zerosLike(layers)[1].W);
expectType<Vector<10, "f64">>(zerosLike({ a: { b: [zeros(2, 3, "f64"), zerosVector(10, "f64")] as const } }).a.b[1]);
// `number` dims: a dynamic-size tree gives dynamic-size gradients.
declare const n: number;
const dyn = initTwoLayer(g, n, 50, 10);
expectType<Matrix<number, 50, "f32">>(zerosLike(dyn).W1);
expectType<Gradients<[Dense<784, number, "f32">, Dense<number, 10, "f32">]>>(zerosLike(initMLP(g, [784, n, 10])));
declare const sizes: number[];
expectType<Gradients<Dense<number, number, "f32">[]>>(zerosLike(initMLP(g, sizes)));
// Param is any tensor of either dtype; a tree of them satisfies ParamTree.
const leaf: Param = zeros(2, 2, "f64");
const tree: ParamTree<P> = params;
void [leaf, tree];

// A gradient record of the wrong shape, each in one place: W1 transposed, b1 of the output
// size, W2 in float64, b2 missing, an extra hidden unit, and layer 2's gradients where layer 1's go.
expectError<Gradients<P>>({ ...grads, W1: zeros(50, 784) });
expectError<Gradients<P>>({ ...grads, b1: zerosVector(10) });
expectError<Gradients<P>>({ ...grads, W2: zeros(50, 10, "f64") });
expectError<Gradients<P>>({ W1: grads.W1, b1: grads.b1, W2: grads.W2 });
expectError<Gradients<P>>(zerosLike(initTwoLayer(g, 784, 51, 10)));
expectError<Gradients<Layers>>(zerosLike(initMLP(g, [784, 64, 10] as const)));
expectError<Gradients<Layers>>([zerosLike(initDense(g, 128, 10)), zerosLike(initDense(g, 784, 128))]);
// Dynamic gradients for a static tree: narrow them with assertShape first.
expectError<Gradients<P>>(zerosLike(dyn));
// zerosLike of something that is not a tree of tensors: a plain number leaf, a number array.
expectError(zerosLike({ W: zeros(2, 3), lr: 0.1 }));
expectError(zerosLike({ W: zeros(2, 3), b: [0, 0, 0] }));
