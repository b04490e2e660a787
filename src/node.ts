// typed-tensor/node: the Node-only half of the public surface (file system, gzip, module
// resolution). Everything else, including the byte-level parsers these build on, is in the root
// entry point (src/index.ts), which stays free of node:* imports so it bundles for the browser.
export {
  loadMnist,
  loadMnistLike,
  loadIdx,
  readBytes,
  gunzipIfCompressed,
  findMnistFiles,
  defaultMnistDir,
  MNIST_FILES,
  type ReadOptions,
} from "./data/load-node.js";
export { saveSafetensors, loadSafetensors } from "./io/safetensors.js";
export { writeFileAtomic, type TempFile } from "./io/write-atomic.js";
