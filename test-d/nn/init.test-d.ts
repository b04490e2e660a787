// Initialisers: sizes become the weights' dims, the dtype option becomes their dtype (float32 when
// absent), and initStd is plain arithmetic on run-time sizes. initDenseParams itself is internal;
// initDense, initTwoLayer and initMLP are the public faces of it.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  initDense,
  initMLP,
  initStd,
  initTwoLayer,
  rng,
  type Dense,
  type DType,
  type Init,
  type InitOptions,
  type Matrix,
  type TwoLayerParams,
  type Vector,
} from "../..";

const g = rng(0);

expectType<1>(null as unknown as Equals<Init, "normal" | "he" | "xavier">);
expectType<number>(initStd("he", 784, 128));
expectType<number>(initStd("normal", 784, 128, 0.05));
expectType<1>(null as unknown as Equals<InitOptions["dtype"], "f32" | undefined>);
expectType<1>(null as unknown as Equals<InitOptions<"f64">["dtype"], "f64" | undefined>);

// Result types: float32 by default, whatever else the options say.
expectType<Dense<784, 128, "f32">>(initDense(g, 784, 128));
expectType<Dense<784, 128, "f32">>(initDense(g, 784, 128, { init: "he" }));
expectType<Dense<784, 128, "f32">>(initDense(g, 784, 128, { std: 0.1 }));
expectType<Dense<784, 128, "f64">>(initDense(g, 784, 128, { dtype: "f64" }));
expectType<Dense<784, 128, "f64">>(initDense(g, 784, 128, { init: "xavier", dtype: "f64" }));
expectType<Matrix<784, 128, "f64">>(initDense(g, 784, 128, { dtype: "f64" }).W);
expectType<Vector<128, "f64">>(initDense(g, 784, 128, { dtype: "f64" }).b);
expectType<Dense<784, 128, "f32">>(initDense(g, 784, 128, { dtype: "f32" }));
const opts64 = { init: "he", dtype: "f64" } as const;
expectType<Dense<4, 3, "f64">>(initDense(g, 4, 3, opts64));
const typedOpts: InitOptions<"f64"> = { dtype: "f64" };
expectType<Dense<4, 3, "f64">>(initDense(g, 4, 3, typedOpts));
expectType<TwoLayerParams<784, 50, 10, "f64">>(initTwoLayer(g, 784, 50, 10, { dtype: "f64", init: "he" }));
expectType<[Dense<784, 128, "f64">, Dense<128, 10, "f64">]>(initMLP(g, [784, 128, 10], { dtype: "f64" }));

// `number` sizes and a dtype chosen at run time: dynamic in the types, checked at run time.
declare const n: number;
declare const dt: DType;
expectType<Dense<number, 128, "f32">>(initDense(g, n, 128));
expectType<Dense<784, number, "f64">>(initDense(g, 784, n, { dtype: "f64" }));
expectType<Dense<4, 3, DType>>(initDense(g, 4, 3, { dtype: dt }));
expectType<TwoLayerParams<number, number, 10, "f32">>(initTwoLayer(g, n, n, 10));
expectType<[Dense<784, number, "f32">, Dense<number, 10, "f32">]>(initMLP(g, [784, n, 10]));

// Fan-in and fan-out swapped.
expectError<Dense<784, 128>>(initDense(g, 128, 784));
expectError<TwoLayerParams<784, 50, 10>>(initTwoLayer(g, 784, 10, 50));
// float64 weights where float32 ones are expected, and the reverse.
expectError<Dense<784, 128>>(initDense(g, 784, 128, { dtype: "f64" }));
expectError<Dense<784, 128, "f64">>(initDense(g, 784, 128));
expectError<TwoLayerParams<784, 50, 10>>(initTwoLayer(g, 784, 50, 10, { dtype: "f64" }));
// A dtype the library does not have, and one widened to `string` (its literal lost).
expectError(initDense(g, 784, 128, { dtype: "f16" }));
const widened = { dtype: "f64" };
expectError(initDense(g, 784, 128, widened));
// Options of one dtype declared as another's.
expectError<InitOptions>({ dtype: "f64" });
// Run-time sizes where static weights are required: narrow with assertShape first.
expectError<Dense<784, 128>>(initDense(g, n, 128));
