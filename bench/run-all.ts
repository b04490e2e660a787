// `npm run bench`: the GEMM table, the bias + sigmoid kernel, the SGD update, the training step's
// profile, where the gather's time goes, the best case of the step's two big products split over
// two threads, evaluation scaling over threads, then the full training comparison. Each runs in its
// own process so neither's warm-up or memory affects the other. Arguments go to train.ts.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

for (const program of [
  "gemm.ts",
  "activation.ts",
  "sgd-update.ts",
  "step-profile.ts",
  "gather.ts",
  "split-products.ts",
  "eval-threads.ts",
  "train.ts",
  "autodiff.ts",
]) {
  const path = fileURLToPath(new URL(`./${program}`, import.meta.url));
  console.log(`\n=== bench/${program} ===`);
  const args = program === "train.ts" ? process.argv.slice(2) : [];
  const r = spawnSync("npx", ["tsx", path, ...args], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
