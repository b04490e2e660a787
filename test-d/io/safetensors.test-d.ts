// Loading gives back exactly the type of the template it is checked against (so a loaded model
// has its dims in the types); saving takes any tree of tensors and string metadata.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  fromSafetensorsBytes,
  initMLP,
  initTwoLayer,
  rng,
  zeros,
  zerosVector,
  type Dense,
  type LoadOptions,
  type Matrix,
  type TwoLayerParams,
  type Vector,
} from "../..";
import { loadSafetensors, saveSafetensors } from "../../dist/node.js";

const g = rng(0);
const template = initTwoLayer(g, 784, 50, 10);
declare const bytes: Uint8Array;

// The result is the template's type P, exactly, in a Promise for the file and directly for bytes.
expectType<Promise<TwoLayerParams<784, 50, 10, "f32">>>(loadSafetensors("model.safetensors", template));
expectType<Promise<TwoLayerParams<784, 50, 10, "f32">>>(
  loadSafetensors("model.safetensors", template, { strict: false }),
);
expectType<TwoLayerParams<784, 50, 10, "f32">>(fromSafetensorsBytes(bytes, template));
expectType<TwoLayerParams<4, 3, 2, "f64">>(
  fromSafetensorsBytes(bytes, initTwoLayer(g, 4, 3, 2, { dtype: "f64" }), "m.safetensors"),
);
expectType<1>(null as unknown as Equals<Awaited<ReturnType<typeof loadSafetensors<typeof template>>>, typeof template>);
// Tuples (an MLP's layers) and nested records come back as the same tuples and records.
expectType<[Dense<784, 128, "f32">, Dense<128, 10, "f32">]>(fromSafetensorsBytes(bytes, initMLP(g, [784, 128, 10])));
const nested = { enc: { W: zeros(8, 4), b: zerosVector(4) }, head: [zeros(4, 2, "f64")] as [Matrix<4, 2, "f64">] };
expectType<Vector<4, "f32">>(fromSafetensorsBytes(bytes, nested).enc.b);
expectType<Matrix<4, 2, "f64">>(fromSafetensorsBytes(bytes, nested).head[0]);
expectType<1>(null as unknown as Equals<LoadOptions, { readonly strict?: boolean; readonly allowNonFinite?: boolean }>);
// Saving: any tree, optional string metadata.
expectType<Promise<void>>(saveSafetensors("model.safetensors", template));
expectType<Promise<void>>(saveSafetensors("model.safetensors", initMLP(g, [784, 128, 10]), { epochs: "17" }));

// `number` dims: a template of run-time sizes gives a tree of run-time sizes (checked on load).
declare const n: number;
expectType<TwoLayerParams<number, 50, 10, "f32">>(fromSafetensorsBytes(bytes, initTwoLayer(g, n, 50, 10)));
expectType<Promise<Dense<number, number, "f32">[]>>(loadSafetensors("m", initMLP(g, [784, 128, 10] as number[])));

// The file's tensors are checked against the template, so the template decides the type: one of
// another hidden size, another dtype, or W1 transposed does not give the params the caller wants.
expectError<Promise<TwoLayerParams<784, 50, 10>>>(loadSafetensors("m", initTwoLayer(g, 784, 100, 10)));
expectError<TwoLayerParams<784, 50, 10>>(fromSafetensorsBytes(bytes, initTwoLayer(g, 784, 50, 10, { dtype: "f64" })));
expectError(loadSafetensors<TwoLayerParams<784, 50, 10>>("m", { ...template, W1: zeros(50, 784) }));
// A dynamic template where static params are wanted: narrow the loaded tensors with assertShape.
expectError<TwoLayerParams<784, 50, 10>>(fromSafetensorsBytes(bytes, initTwoLayer(g, n, 50, 10)));
// A template that is not a tree of tensors: a number leaf has no shape to check against.
expectError(loadSafetensors("m", { W: zeros(2, 3), scale: 0.5 }));
expectError(saveSafetensors("m", { W: zeros(2, 3), b: [0, 0, 0] }));
