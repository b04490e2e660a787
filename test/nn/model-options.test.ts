// The network carries its activation: a relu network trained, saved, and loaded into a fresh
// object answers with the same accuracy, and the activation is named only before training. The
// file records it in its safetensors metadata (modelMetadata), and loading reads it back
// (modelOptions).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  accuracy,
  createTrainer,
  decodeSafetensors,
  fromSafetensorsBytes,
  initMLP,
  initTwoLayer,
  mlp,
  modelMetadata,
  modelOptions,
  rng,
  sgd,
  twoLayer,
  adam,
} from "../../src/index.js";
import { saveSafetensors } from "../../src/node.js";
import { blobs } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "typed-tensor-model-"));
  dirs.push(dir);
  return join(dir, name);
}

describe("a relu network saved and loaded", () => {
  it("two-layer: the loaded network gives the trained one's accuracy, activation never named after training", async () => {
    const g = rng(31);
    const { X, y } = blobs(g, 800, 12, 4, "f32", 1.5);
    const net = twoLayer(initTwoLayer(g, 12, 24, 4, { init: "he" }), { activation: "relu" });
    const trainer = createTrainer(net, 32, { optimizer: sgd({ lr: 0.2 }) });
    const idx = new Int32Array(32);
    for (let s = 0; s < 400; s++) trainer.stepRows(X, y, g.fillInts(idx, X.rows) as Int32Array);
    // From here on, no "relu" anywhere: the network, the file and the loaded copy carry it.
    const trained = accuracy(net, X, y);
    const path = await tempFile("two-layer.safetensors");
    await saveSafetensors(path, net.params, modelMetadata(net));

    const bytes = await readFile(path);
    const template = initTwoLayer(rng(99), 12, 24, 4);
    const loaded = twoLayer(
      fromSafetensorsBytes(bytes, template, path),
      modelOptions(decodeSafetensors(bytes, path).metadata),
    );
    expect(loaded.activation).toBe(net.activation);
    expect(accuracy(loaded, X, y)).toBe(trained);
    // The check can fail: the same tensors run as the default (sigmoid) network score otherwise.
    expect(accuracy(twoLayer(loaded.params), X, y)).not.toBe(trained);
  });

  it("MLP: the same through mlp(layers, modelOptions(metadata))", async () => {
    const g = rng(32);
    const { X, y } = blobs(g, 600, 10, 3, "f32", 1.5);
    const net = mlp(initMLP(g, [10, 16, 8, 3] as const, { init: "he" }), { activation: "relu" });
    const trainer = net.trainer(32, { optimizer: adam({ lr: 0.01 }) });
    const idx = new Int32Array(32);
    for (let s = 0; s < 200; s++) trainer.stepRows(X, y, g.fillInts(idx, X.rows) as Int32Array);
    const trained = net.accuracy(X, y);
    const path = await tempFile("mlp.safetensors");
    await saveSafetensors(path, net.layers, modelMetadata(net));

    const bytes = await readFile(path);
    const layers = fromSafetensorsBytes(bytes, initMLP(rng(98), [10, 16, 8, 3] as const), path);
    const loaded = mlp(layers, modelOptions(decodeSafetensors(bytes, path).metadata));
    expect(loaded.activation).toBe("relu");
    expect(loaded.accuracy(X, y)).toBe(trained);
    expect(mlp(layers).accuracy(X, y)).not.toBe(trained);
  });
});

describe("modelOptions", () => {
  it("refuses metadata without an activation, or with an unknown one, instead of guessing", () => {
    expect(() => modelOptions({})).toThrow("modelOptions: the metadata records no activation");
    expect(() => modelOptions({ activation: "gelu" })).toThrow(
      'modelOptions: activation must be one of "sigmoid", "relu", "tanh", got "gelu"',
    );
    expect(modelOptions({ activation: "tanh", epochs: "3" })).toEqual({ activation: "tanh" });
  });
  it("modelMetadata records the network's activation", () => {
    expect(modelMetadata(twoLayer(initTwoLayer(rng(0), 3, 2, 2)))).toEqual({ activation: "sigmoid" });
  });
});
