// The byte format: entries name the file's dtype ("F32"/"F64", not the library's "f32"), a shape
// list and a float typed array; decoded tensors have a dtype and shape known only at run time.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  tensorValues,
  zeros,
  type DecodedTensor,
  type SafetensorsDType,
  type TensorEntry,
} from "../..";

const W = zeros(784, 50);
const W64 = zeros(2, 3, "f64");
declare const bytes: Uint8Array;

expectType<1>(null as unknown as Equals<SafetensorsDType, "F32" | "F64">);
expectType<Uint8Array>(encodeSafetensors([{ name: "W1", dtype: "F32", shape: [784, 50], data: W.data }]));
expectType<Uint8Array>(
  encodeSafetensors([{ name: "W", dtype: "F64", shape: [2, 3], data: W64.data }], { epochs: "17" }, "m.safetensors"),
);
const entries: readonly TensorEntry[] = [{ name: "b", dtype: "F32", shape: [3] as const, data: new Float32Array(3) }];
expectType<Uint8Array>(encodeSafetensors(entries));

const decoded = decodeSafetensors(bytes, "m.safetensors");
expectType<Map<string, DecodedTensor>>(decoded.tensors);
expectType<Record<string, string>>(decoded.metadata);
const t = decoded.tensors.get("W1");
expectType<DecodedTensor | undefined>(t);
declare const d: DecodedTensor;
// A file can hold any dtype and any rank: both stay open until checked.
expectType<string>(d.dtype);
expectType<number[]>(d.shape);
expectType<Uint8Array>(d.bytes);
expectType<Float32Array | Float64Array>(tensorValues(d));
expectType<Float32Array | Float64Array>(tensorValues(d, new Float64Array(6), "m.safetensors", "W"));
expectType<string | undefined>(new SafetensorsError("m", "W1", "missing").tensor);

// The library's dtype name where the file's belongs, and a dtype this library does not write.
expectError(encodeSafetensors([{ name: "W1", dtype: "f32", shape: [784, 50], data: W.data }]));
expectError(encodeSafetensors([{ name: "W1", dtype: "F16", shape: [784, 50], data: W.data }]));
// The shape as a bare number, and values as a plain array instead of float storage.
expectError(encodeSafetensors([{ name: "W1", dtype: "F32", shape: 784, data: W.data }]));
expectError(encodeSafetensors([{ name: "b", dtype: "F32", shape: [3], data: [0, 0, 0] }]));
// Assuming a decoded tensor is float32 before its dtype is checked.
expectError<Float32Array>(tensorValues(d));
// Metadata values that are not strings (the format stores string to string).
expectError(encodeSafetensors([], { epochs: 17 }));
