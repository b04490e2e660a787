// The hidden layer's bias + sigmoid: the TS loop (the activation table's entry in
// src/kernels/activation.ts, Math.exp, run with the "js" kernel family)
// against the wasm SIMD kernel (src/kernels/wasm/activation-wasm.ts), float32, ns per element.
// Run: npx tsx bench/activation.ts   (part of `npm run bench`)
import { ACTIVATIONS } from "../src/kernels/activation.js";
import { setKernelFamily } from "../src/kernels/settings.js";
import { biasSigmoidWasm } from "../src/kernels/wasm/activation-wasm.js";
import { allocResident } from "../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../src/random/rng.js";
import { bestSeconds } from "./timing.js";

const g = rng(5);
console.log("bias + sigmoid, float32, ns per element (best batch of CPU time)");
for (const [rows, cols, what] of [
  [100, 50, "a training step's hidden layer"],
  [1000, 50, "an evaluation chunk"],
] as const) {
  const z0 = g.fillNormal(new Float32Array(rows * cols), 0, 3) as Float32Array;
  const b = g.fillNormal(new Float32Array(cols)) as Float32Array;
  const z = z0.slice();
  const per = (secs: number) => ((secs / (rows * cols)) * 1e9).toFixed(2).padStart(7);
  // Each call restores z first, so every run sees the same inputs; the restore is timed too.
  const prev = setKernelFamily("js");
  const ts = bestSeconds(() => {
    z.set(z0);
    ACTIVATIONS.sigmoid.biasForward(z, b, rows, cols);
  });
  setKernelFamily(prev);
  const wasm = bestSeconds(() => {
    z.set(z0);
    biasSigmoidWasm(z, b, rows, cols);
  });
  const rz = allocResident("f32", rows * cols)!,
    rb = allocResident("f32", cols)!;
  rb.set(b);
  const resident = bestSeconds(() => {
    rz.set(z0);
    biasSigmoidWasm(rz, rb, rows, cols);
  });
  console.log(
    `  ${rows}x${cols} (${what}):  TS loop ${per(ts)}   wasm, copied ${per(wasm)}   wasm, resident ${per(resident)}`,
  );
}
