// The seeded generator's surface.
import { expectError, expectType } from "tsd";
import { rng, Rng } from "../..";

const g = rng(42);
expectType<Rng>(g);
expectType<number>(g.seed);
expectType<number>(g.next());
expectType<number>(g.int(10));
expectType<number>(g.normal());
expectType<number>(g.nextUint32());
expectType<Float32Array>(g.fillNormal(new Float32Array(3)) as Float32Array);
expectType<Int32Array | Uint32Array | number[]>(g.fillInts(new Int32Array(3), 10));

expectError(rng("42")); // the seed is a number
expectError(rng()); // a seed is required: never an unseeded stream
expectError(g.fillUniform(new Int32Array(3))); // float arrays only
