// ShapeError is an Error that names the op.
import { expectAssignable, expectType } from "tsd";
import { ShapeError } from "../..";

const e = new ShapeError("dot", "a.cols (784) must equal b.rows (50)");
expectAssignable<Error>(e);
expectType<string>(e.op);
expectType<"ShapeError">(e.name);
