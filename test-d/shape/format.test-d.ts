// Printing is through toString and util.inspect's custom symbol.
import { expectType } from "tsd";
import { zeros, zerosVector } from "../..";

expectType<string>(zeros(2, 3).toString());
expectType<string>(zerosVector(3).toString());
expectType<string>(zeros(2, 3).T.toString());
expectType<string>(`${zeros(2, 3)}`);
