import { defineConfig } from "tsup";

export default defineConfig({
  // Four entry points: the root (no node:* imports, bundles for the browser), typed-tensor/node,
  // eval-worker, the helper threads' module for predict/accuracy, and gather-worker, the helper
  // that gathers a trainer's next batch (Trainer.prefetch); the root starts both by URL
  // ("./eval-worker.js", "./gather-worker.js" beside the bundle) and never imports them.
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    "eval-worker": "src/nn/eval-worker.ts",
    "gather-worker": "src/nn/gather-worker.ts",
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
