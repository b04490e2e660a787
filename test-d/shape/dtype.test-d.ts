// The dtype picks the storage. allocationCount is a test hook, reachable from src/shape/dtype.ts
// only: not part of the package root.
import { expectAssignable, expectError, expectType } from "tsd";
import * as tt from "../..";
import { type ArrayOf, type DType } from "../..";

expectType<Float32Array>({} as ArrayOf<"f32">);
expectType<Float64Array>({} as ArrayOf<"f64">);
expectType<"f32" | "f64">({} as DType);
expectError(tt.allocationCount);
expectAssignable<DType>("f64");
expectError<DType>("f16");
