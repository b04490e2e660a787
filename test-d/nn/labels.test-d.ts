// Labels<B>: class indices whose `length` carries the batch dim, so the labels of one batch do
// not fit another. asLabels checks a run-time array and gives it a static or symbolic batch.
import { expectError, expectType } from "tsd";
// ts-toolbelt's Equals (strict identity) from its own file: the root import loads ~750 declaration files.
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import { asLabels, dim, oneHot, takeLabels, zeros, type Dim, type Labels, type Matrix } from "../..";

const train = dim("train", 100);
const test = dim("test", 100);
declare const raw: Int32Array;

// asLabels keeps the batch it is given: a literal, a symbolic dim, or a plain number.
expectType<Labels<100>>(asLabels(raw, 100));
expectType<Labels<100>>(asLabels(raw, 100, 10));
expectType<Labels<Dim<"train">>>(asLabels(raw, train));
expectType<Labels<Dim<"test">>>(asLabels(new Uint8Array(100), test));
expectType<Labels<3>>(asLabels([2, 0, 1], 3));
// The batch is the length's type, exactly.
expectType<1>(null as unknown as Equals<Labels<Dim<"train">>["length"], Dim<"train">>);

// `number` batches: a batch size read at run time, and any plain array-like, are Labels<number>.
declare const n: number;
let size = 100;
expectType<Labels<number>>(asLabels(raw, n));
expectType<Labels<number>>(asLabels(raw, size));
const plain: Labels<number> = raw;
const bytes: Labels<number> = new Uint8Array(10);
const list: Labels<number> = [1, 2, 3];
// Checked labels fit wherever dynamic labels do (static and symbolic narrow `number`, not widen it).
const fromStatic: Labels<number> = asLabels(raw, 100);
const fromSymbolic: Labels<number> = asLabels(raw, train);
// A const tuple of indices is labels of its length.
const literal: Labels<3> = [2, 0, 1] as const;
void [plain, bytes, list, fromStatic, fromSymbolic, literal];
// Labels drive oneHot's batch, static or dynamic.
expectType<Matrix<100, 10, "f32">>(oneHot(asLabels(raw, 100), 10));
expectType<Matrix<number, 10, "f32">>(oneHot(raw, 10));

// Labels of another symbolic batch (same size at run time, a different batch to the compiler).
expectError<Labels<Dim<"train">>>(asLabels(raw, test));
// Labels of another static batch size; a literal tuple one short.
expectError<Labels<32>>(asLabels(raw, 100));
expectError<Labels<3>>([2, 0] as const);
// Unchecked labels (length `number`) where a static or symbolic batch is required: asLabels first.
expectError<Labels<100>>(raw);
expectError<Labels<Dim<"train">>>(asLabels(raw, n));
// Class names instead of class indices.
expectError<Labels<2>>(["cat", "dog"] as const);
expectError(asLabels(["cat", "dog"], 2));
// One-hot rows built from the test batch's labels, used as the train batch's targets.
expectError<Matrix<Dim<"train">, 10>>(oneHot(asLabels(raw, test), 10));

// takeLabels: the batch is the number of indices, or the literal or dim given.
expectType<Labels<100> & Int32Array>(takeLabels(raw, new Int32Array(100), 100));
expectType<Labels<Dim<"batch">> & Int32Array>(takeLabels(raw, new Int32Array(100), dim("batch", 100)));
expectType<Labels<number> & Int32Array>(takeLabels(raw, new Int32Array(100)));
expectError<Labels<32>>(takeLabels(raw, new Int32Array(100), 100));
