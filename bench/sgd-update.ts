// The SGD update p -= lr·g (BLAS axpy) on the seed's largest parameter, W1 (784×50): the TS loop
// the optimizers use (src/kernels/elementwise.ts) against the wasm SIMD kernel
// (src/kernels/wasm/gemm-wasm.ts axpyWasm), with p and g copied in and out of wasm memory or
// resident there. µs per update; all three give the same bits.
// Run: npx tsx bench/sgd-update.ts   (part of `npm run bench`)
import { axpy } from "../src/kernels/elementwise.js";
import { allocResident, axpyWasm } from "../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../src/random/rng.js";
import { bestSeconds } from "./timing.js";

const n = 784 * 50;
const g = rng(6);
const p = g.fillNormal(new Float32Array(n), 0, 0.01) as Float32Array;
const grad = g.fillNormal(new Float32Array(n), 0, 0.001) as Float32Array;
const rp = allocResident("f32", n)!,
  rg = allocResident("f32", n)!;
rp.set(p);
rg.set(grad);
const us = (s: number) => (s * 1e6).toFixed(1).padStart(7);
// A tiny lr keeps p from drifting over the many timed calls; the cost does not depend on it.
const ts = bestSeconds(() => axpy(p, -1e-9, grad, n));
const staged = bestSeconds(() => axpyWasm(p, -1e-9, grad, n));
const resident = bestSeconds(() => axpyWasm(rp, -1e-9, rg, n));
console.log(`SGD update of a 784x50 float32 parameter, µs (best batch of CPU time)`);
console.log(`  TS loop ${us(ts)}   wasm, copied in and out ${us(staged)}   wasm, resident ${us(resident)}`);
