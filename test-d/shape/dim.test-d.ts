// Dims: a literal is static, `number` dynamic, Dim<L> symbolic. Dims of different labels do not
// mix; a Dim is still a number for arithmetic.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import { dim, zeros, add, type Dim, type Size } from "../..";

const batch = dim("batch", 100);
const test = dim("test", 100);
expectType<Dim<"batch">>(batch);
expectAssignable<number>(batch); // usable as a number
expectType<number>(batch * 2); // arithmetic forgets the label
expectNotAssignable<Dim<"batch">>(test);
expectNotAssignable<Dim<"batch">>(100); // a literal is not a labeled dim
expectNotAssignable<Dim<"batch">>(100 as number);
expectAssignable<Size>(batch);
expectAssignable<Size>(784);

expectError(add(zeros(batch, 10), zeros(test, 10))); // symbolic label mismatch
expectError(dim(1, 100)); // the label is a string
expectError(dim("batch", "100")); // the size is a number
