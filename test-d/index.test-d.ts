import { expectType, expectError } from "tsd";
import { zeros, dot, type Matrix } from "..";

expectType<Matrix<100, 50, "f32">>(dot(zeros(100, 784), zeros(784, 50)));
expectError(dot(zeros(100, 784), zeros(50, 10)));
