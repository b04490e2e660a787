import { defineConfig } from "tsup";

export default defineConfig({
  // Two entry points: the root (no node:* imports, bundles for the browser) and typed-tensor/node.
  entry: ["src/index.ts", "src/node.ts"],
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
