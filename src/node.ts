// typed-tensor's node-only entry point: everything that touches the file system (loading MNIST,
// saving and loading models, atomic writes). The root entry stays importable in a browser.
export {
  loadMnist, loadMnistLike, loadIdx, readBytes, gunzipIfCompressed, findMnistFiles, defaultMnistDir, MNIST_FILES,
  type ReadOptions,
} from "./data/load-node.js";
export { saveSafetensors, loadSafetensors } from "./io/safetensors.js";
export { writeFileAtomic } from "./io/write-atomic.js";
