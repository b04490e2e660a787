// The full default train-mnist run against the seed's NumPy reference, alternating: each round
// runs ours, NumPy float64, NumPy float32, and prints ours/NumPy wall-time ratios per round and
// their medians, with the final accuracies. Wall time is each program's own "first step to last
// evaluation" figure (metrics.json wall_s for ours, --json wall_s for seed_numpy.py), so process
// start-up and data loading are outside both.
//
//   npx tsx bench/train.ts [--pairs 3] [--iters N] [--numpy-threads 1|default] [--numpy-script PATH]
//
// NumPy runs without this machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides (they slow a
// current NumPy) and, by default, with one OpenBLAS thread like ours: on this shared 2-core
// machine OpenBLAS's own two threads spin against the other processes and made the seed's run
// about 10x slower when measured (600 steps: 14.1 s with default threads, 1.4 s with one), a
// comparison that would flatter us. --numpy-threads default restores its own choice.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mnistDir } from "./mnist-rows.js";
import { median } from "./timing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface RunResult {
  wall: number;
  testAcc: number;
  trainAcc: number;
  /** Ours only: every step's loss, to show the run is the same run after run. */
  losses?: number[];
}

function parseArgs(argv: string[]): { pairs: number; iters: number | null; script: string; threads: string } {
  const out = {
    pairs: 3,
    iters: null as number | null,
    script: resolve(ROOT, "../shared/reference/seed_numpy.py"),
    threads: "1",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i],
      value = argv[i + 1];
    if (flag === "--pairs" || flag === "--iters") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`bench/train: ${flag} needs a whole number >= 1, got ${value}`);
      if (flag === "--pairs") out.pairs = n;
      else out.iters = n;
      i++;
    } else if (flag === "--numpy-threads" && value && (value === "default" || /^[1-9][0-9]*$/.test(value))) {
      out.threads = value;
      i++;
    } else if (flag === "--numpy-script" && value) {
      out.script = resolve(value);
      i++;
    } else {
      throw new Error(
        `bench/train: bad argument ${flag} ${value ?? ""}; use --pairs N, --iters N, --numpy-threads N|default, --numpy-script PATH`,
      );
    }
  }
  return out;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench/train: ${what} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
}

function ours(iters: number | null, dir: string): RunResult {
  const out = join(dir, `ours-${Date.now()}`);
  const args = ["tsx", "examples/train-mnist.ts", "--out", out, ...(iters ? ["--iters", String(iters)] : [])];
  run("npx", args, { ...process.env, CI: "true" }, "train-mnist");
  const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as {
    wall_s: number;
    final: { test_acc: number; train_acc: number };
    losses: number[];
  };
  rmSync(out, { recursive: true, force: true });
  return { wall: m.wall_s, testAcc: m.final.test_acc, trainAcc: m.final.train_acc, losses: m.losses };
}

function numpy(
  script: string,
  dtype: "float64" | "float32",
  iters: number | null,
  threads: string,
  dir: string,
): RunResult {
  const json = join(dir, `numpy-${dtype}-${Date.now()}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads !== "default") env.OPENBLAS_NUM_THREADS = env.OMP_NUM_THREADS = threads;
  const args = [
    script,
    "--data-dir",
    mnistDir(),
    "--dtype",
    dtype,
    "--json",
    json,
    ...(iters ? ["--iters", String(iters)] : []),
  ];
  run("python3", args, env, `seed_numpy.py --dtype ${dtype}`);
  const m = JSON.parse(readFileSync(json, "utf8")) as {
    wall_s: number;
    final: { test_acc: number; train_acc: number };
  };
  return { wall: m.wall_s, testAcc: m.final.test_acc, trainAcc: m.final.train_acc };
}

function main(): void {
  const { pairs, iters, script, threads } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "typed-tensor-bench-"));
  const rows: { ours: RunResult; f64: RunResult; f32: RunResult }[] = [];
  console.log(
    `full train-mnist run${iters ? ` (--iters ${iters})` : " (default configuration)"} vs ${script}` +
      ` (OPENBLAS_NUM_THREADS=${threads}), ${pairs} rounds, alternating; wall = first step to last evaluation`,
  );
  console.log("round   ours wall   numpy f64   numpy f32   ours/f64   ours/f32   test acc: ours  f64     f32");
  try {
    for (let p = 0; p < pairs; p++) {
      const r = {
        ours: ours(iters, dir),
        f64: numpy(script, "float64", iters, threads, dir),
        f32: numpy(script, "float32", iters, threads, dir),
      };
      rows.push(r);
      console.log(
        `${String(p + 1).padStart(5)} ${r.ours.wall.toFixed(2).padStart(10)}s ${r.f64.wall.toFixed(2).padStart(10)}s ${r.f32.wall.toFixed(2).padStart(10)}s` +
          ` ${(r.ours.wall / r.f64.wall).toFixed(3).padStart(10)} ${(r.ours.wall / r.f32.wall).toFixed(3).padStart(10)}` +
          `             ${r.ours.testAcc.toFixed(4)}  ${r.f64.testAcc.toFixed(4)}  ${r.f32.testAcc.toFixed(4)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const r64 = median(rows.map((r) => r.ours.wall / r.f64.wall));
  const r32 = median(rows.map((r) => r.ours.wall / r.f32.wall));
  console.log(`median ratio ours/NumPy float64: ${r64.toFixed(3)}   ours/NumPy float32: ${r32.toFixed(3)}`);
  const first = rows[0]!.ours;
  const same = rows.every(
    (r) => r.ours.testAcc === first.testAcc && JSON.stringify(r.ours.losses) === JSON.stringify(first.losses),
  );
  console.log(`our runs identical to each other (every loss, final accuracy): ${same ? "yes" : "NO"}`);
  const gap = 100 * (first.testAcc - rows[0]!.f64.testAcc);
  console.log(
    `final test accuracy: ours ${first.testAcc.toFixed(4)}, NumPy float64 ${rows[0]!.f64.testAcc.toFixed(4)} (${gap >= 0 ? "+" : ""}${gap.toFixed(2)} points)`,
  );
  console.log(
    `targets: ours <= 1.0x NumPy f64: ${r64 <= 1 ? "met" : "not met"}; <= 0.5x: ${r64 <= 0.5 ? "met" : "not met"}; below NumPy f32: ${r32 < 1 ? "met" : "not met"}`,
  );
}

main();
