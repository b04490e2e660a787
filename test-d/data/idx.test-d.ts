// IDX parsing: the element type asked for decides the typed array that comes back; without one,
// any of the six. Dims are a run-time list (an IDX file may have any rank).
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import { encodeIdx, parseIdx, type IdxArray, type IdxData, type IdxExpect, type IdxType } from "../..";

declare const bytes: Uint8Array;

expectType<1>(null as unknown as Equals<IdxType, "u8" | "i8" | "i16" | "i32" | "f32" | "f64">);
expectType<1>(null as unknown as Equals<IdxData<"i16">, Int16Array>);
expectType<1>(
  null as unknown as Equals<IdxData, Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array>,
);

expectType<IdxArray<"u8">>(parseIdx(bytes, "train-images-idx3-ubyte", { type: "u8", ndim: 3 }));
expectType<Uint8Array>(parseIdx(bytes, "f", { type: "u8" }).data);
expectType<Float64Array>(parseIdx(bytes, "f", { type: "f64" }).data);
expectType<Int32Array>(parseIdx(bytes, "f", { type: "i32", what: "a label file" }).data);
expectType<"f32">(parseIdx(bytes, "f", { type: "f32" }).type);
const expectation: IdxExpect<"i8"> = { type: "i8", ndim: 1 };
expectType<Int8Array>(parseIdx(bytes, "f", expectation).data);
expectType<Uint8Array>(encodeIdx("u8", [2, 2], [0, 1, 2, 3]));
expectType<Uint8Array>(encodeIdx("f64", [3], new Float64Array(3)));

// No type asked for: any element type, and dims of any rank (the `number` case of IDX).
const any = parseIdx(bytes);
expectType<IdxArray<IdxType>>(any);
expectType<IdxType>(any.type);
expectType<IdxData>(any.data);
expectType<readonly number[]>(any.dims);
expectType<IdxArray<IdxType>>(parseIdx(bytes, "f", { ndim: 2 }));

// Assuming an element type the parse did not ask for.
expectError<Float32Array>(parseIdx(bytes, "f", { type: "u8" }).data);
expectError<Uint8Array>(parseIdx(bytes).data);
expectError<IdxArray<"u8">>(parseIdx(bytes, "f", { type: "i8" }));
// Element types IDX does not have (unsigned 16-bit; NumPy's name for float32).
expectError(parseIdx(bytes, "f", { type: "u16" }));
expectError(encodeIdx("float32", [3], [0, 0, 0]));
// Dims as a bare count; numbers where the bytes belong.
expectError(encodeIdx("u8", 3, [0, 0, 0]));
expectError(parseIdx([0, 0, 8, 1, 0, 0, 0, 0]));
