// The hidden layer's bias + sigmoid: the nn trainer's TS loop (src/nn/fused.ts, Math.exp)
// against the wasm SIMD kernel (src/kernels/wasm/activation-wasm.ts), float32, ns per element.
// Run: npx tsx bench/activation.ts   (part of `npm run bench`)
import { biasActivationLoop } from "../src/nn/fused.js";
import { biasSigmoidWasm } from "../src/kernels/wasm/activation-wasm.js";
import { allocResident } from "../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../src/random/rng.js";
import { bestSeconds } from "./timing.js";

const g = rng(5);
console.log("bias + sigmoid, float32, ns per element (best batch of CPU time)");
for (const [rows, cols, what] of [[100, 50, "a training step's hidden layer"], [1000, 50, "an evaluation chunk"]] as const) {
  const z0 = g.fillNormal(new Float32Array(rows * cols), 0, 3) as Float32Array;
  const b = g.fillNormal(new Float32Array(cols)) as Float32Array;
  const z = z0.slice();
  const per = (secs: number) => ((secs / (rows * cols)) * 1e9).toFixed(2).padStart(7);
  // Each call restores z first, so every run sees the same inputs; the restore is timed too.
  const ts = bestSeconds(() => {
    z.set(z0);
    biasActivationLoop(z, b, rows, cols, "sigmoid");
  });
  const wasm = bestSeconds(() => {
    z.set(z0);
    biasSigmoidWasm(z, b, rows, cols);
  });
  const rz = allocResident("f32", rows * cols)!, rb = allocResident("f32", cols)!;
  rb.set(b);
  const resident = bestSeconds(() => {
    rz.set(z0);
    biasSigmoidWasm(rz, rb, rows, cols);
  });
  console.log(`  ${rows}x${cols} (${what}):  TS loop ${per(ts)}   wasm, copied ${per(wasm)}   wasm, resident ${per(resident)}`);
}
