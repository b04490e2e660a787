import { loadMnist, defaultMnistDir } from "../src/data/load-node.js";
import { DenseStack } from "../src/nn/dense-stack.js";
const { train } = await loadMnist(await defaultMnistDir());
const X = train.images.data as Float32Array;
const labels = train.labels;
console.log(labels.constructor.name);
const stack = new DenseStack("t", [784, 50, 10], 100, "f32", "sigmoid", true);
const idx = new Int32Array(100);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let s = 1;
for (let rep = 0; rep < 4; rep++) {
  const t = cpu();
  for (let k = 0; k < 3000; k++) {
    for (let r = 0; r < 100; r++) { s = (s * 1103515245 + 12345) >>> 0; idx[r] = s % 60000; }
    stack.gather(X, 60000, labels, idx);
  }
  console.log(((cpu() - t) * 1e3 / 3000).toFixed(1), "us/step");
}
