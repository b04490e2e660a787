import { defineConfig } from "tsup";

export default defineConfig({
  // Three entry points: the root (no node:* imports, bundles for the browser), typed-tensor/node,
  // and helper-worker, the helper threads' module (evaluations, and a trainer's prefetched
  // gathers: Trainer.prefetch); the root starts it by URL ("./helper-worker.js" beside the
  // bundle) and never imports it.
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    "helper-worker": "src/nn/helper-worker.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // Shared code goes to one chunk per format (also for CJS, where tsup needs it asked), so both
  // entries see the same classes: `loadMnist` from typed-tensor/node throws the root's DataError.
  splitting: true,
  // import.meta.url in the node loader needs a shim in the CJS build.
  shims: true,
});
