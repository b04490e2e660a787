// The dtype picks the storage; allocationCount is a plain counter.
import { expectAssignable, expectError, expectType } from "tsd";
import { allocationCount, type ArrayOf, type DType } from "../..";

expectType<Float32Array>({} as ArrayOf<"f32">);
expectType<Float64Array>({} as ArrayOf<"f64">);
expectType<"f32" | "f64">({} as DType);
expectType<number>(allocationCount.n);
expectAssignable<DType>("f64");
expectError<DType>("f16");
