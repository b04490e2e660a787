// The run directory: checked and created before any training, cleaned of what an earlier run left
// half-done, and closed by a manifest written last. A directory whose run.json is missing holds
// an unfinished run (its checkpoint, if any, continues it); one with run.json holds one complete
// run, every file listed with its size and SHA-256.
import { createHash } from "node:crypto";
import { access, constants, mkdir, open, readdir, readFile, rm, rmdir, stat, statfs, unlink } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../../src/node.js";
import { loadCheckpoint, type LoadedCheckpoint } from "./checkpoint.js";
import { EXIT, fsReason, fsStep, RunError } from "./exit-codes.js";

/** The files a run writes, in the order it finishes them; run.json (the manifest) comes last. */
export const RUN_FILES = {
  losses: "losses.f64",
  checkpoint: "checkpoint.safetensors",
  model: "model.safetensors",
  metrics: "metrics.json",
  plotSvg: "plot.svg",
  plotPng: "plot.png",
  manifest: "run.json",
} as const;

// Kernel file systems: not storage. Node's recursive mkdir loops forever on procfs.
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: "proc",
  0x62656572: "sysfs",
  0x27e0eb: "cgroup",
  0x63677270: "cgroup2",
  0x64626720: "debugfs",
  0x74726163: "tracefs",
  0x73636673: "securityfs",
  0x1cd1: "devpts",
};

const usage = (msg: string) => new RunError(msg, EXIT.usage);

/** The nearest existing ancestor of `p` (p itself if it exists), and the parts below it. */
async function existingAncestor(p: string): Promise<{ at: string; missing: string[] }> {
  const missing: string[] = [];
  let at = p;
  for (;;) {
    try {
      await stat(at);
      return { at, missing };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") {
        // A file part-way: step up until the file itself is found, to name it.
      } else if (code !== "ENOENT") {
        throw usage(`--out ${p}: cannot inspect ${at}: ${fsReason(e)}`);
      }
      const up = path.dirname(at);
      if (up === at) return { at, missing };
      missing.unshift(path.basename(at));
      at = up;
    }
  }
}

/**
 * Checks `dir` as an output directory and creates it (one level at a time, never recursively
 * through a kernel file system), then proves it writable with a probe file. Every refusal is a
 * RunError with exit code 2 and one line; nothing is left behind (a directory this call made is
 * removed again on refusal). Returns the directories it created, outermost first.
 */
export async function prepareOutDir(dir: string): Promise<string[]> {
  const abs = path.resolve(dir);
  const { at, missing } = await existingAncestor(abs);
  const st = await stat(at);
  if (!st.isDirectory()) {
    throw usage(
      missing.length === 0
        ? `--out ${dir} is a file, not a directory`
        : `--out ${dir}: ${at} is a file, so it cannot hold a directory`,
    );
  }
  try {
    const fsType = PSEUDO_FS[Number((await statfs(at)).type)];
    if (fsType !== undefined)
      throw usage(
        `--out ${dir}: ${at} is on the kernel's ${fsType} file system, not storage; choose a directory on disk`,
      );
  } catch (e) {
    if (e instanceof RunError) throw e; // statfs itself may be missing on some platforms: go on
  }
  const created: string[] = [];
  try {
    let cur = at;
    for (const part of missing) {
      cur = path.join(cur, part);
      await mkdir(cur).catch((e) => {
        throw usage(`--out ${dir}: cannot create ${cur}: ${fsReason(e)}`);
      });
      created.push(cur);
    }
    // access() says yes to root everywhere; a real file says whether the write works.
    const probe = path.join(abs, `.write-probe.${process.pid}.tmp`);
    const handle = await open(probe, "wx").catch((e) => {
      throw usage(`--out ${dir}: cannot write there: ${fsReason(e)}`);
    });
    await handle.close();
    await unlink(probe);
    await access(abs, constants.W_OK | constants.X_OK).catch((e) => {
      throw usage(`--out ${dir}: cannot write there: ${fsReason(e)}`);
    });
    return created;
  } catch (e) {
    await removeEmptyDirs(created);
    throw e;
  }
}

/** Removes the directories (innermost first) that are still empty; for undoing prepareOutDir. */
export async function removeEmptyDirs(created: readonly string[]): Promise<void> {
  for (const d of [...created].reverse()) await rmdir(d).catch(() => undefined);
}

/** A fresh folder runs/train-mnist-<date>-<time>[-n] under `root` (which is git-ignored). */
export async function freshRunDir(root: string): Promise<{ dir: string; created: string[] }> {
  const runs = path.join(root, "runs");
  const created = await prepareOutDir(runs);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  for (let n = 1; ; n++) {
    const dir = path.join(runs, `train-mnist-${stamp}${n > 1 ? `-${n}` : ""}`);
    try {
      await mkdir(dir); // fails if it exists, so two runs started in the same second do not share
      return { dir, created: [...created, dir] };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw usage(`cannot create ${dir}: ${fsReason(e)}`);
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary files that a killed save left in `dir` (writeFileAtomic's
 * `<name>.<pid>.<n>.tmp`, whose process is gone). Returns their names.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await fsStep(`list ${dir}`, () => readdir(dir));
  const stale = names.filter((n) => {
    const m = /\.(\d+)\.\d+\.tmp$/.exec(n) ?? /^\.write-probe\.(\d+)\.tmp$/.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  });
  for (const n of stale)
    await fsStep(`remove the stale ${path.join(dir, n)}`, () => rm(path.join(dir, n), { force: true }));
  return stale;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Makes `dir` ready for a new run: refuses one that holds an unfinished run's checkpoint, and
 * removes a finished run's files (its manifest first), so no file of the old run can be taken for
 * one of the new.
 */
export async function clearForNewRun(dir: string): Promise<void> {
  const has = (f: string) => exists(path.join(dir, f));
  if ((await has(RUN_FILES.checkpoint)) && !(await has(RUN_FILES.manifest))) {
    throw usage(
      `--out ${dir} holds the checkpoint of an unfinished run: continue it with --resume ${dir}, or choose another --out`,
    );
  }
  for (const f of [
    RUN_FILES.manifest,
    RUN_FILES.model,
    RUN_FILES.metrics,
    RUN_FILES.losses,
    RUN_FILES.plotSvg,
    RUN_FILES.plotPng,
    RUN_FILES.checkpoint,
  ]) {
    await fsStep(`remove the previous run's ${path.join(dir, f)}`, () => rm(path.join(dir, f), { force: true }));
  }
}

/** What run.json holds: the run's id and every file it wrote, with size and SHA-256. */
export interface Manifest {
  readonly run_id: string;
  readonly finished: string;
  readonly files: Record<string, { bytes: number; sha256: string }>;
}

/** Writes run.json last: the run is complete, and these exact files belong to it. */
export async function writeManifest(dir: string, runId: string, files: readonly string[]): Promise<Manifest> {
  const listed: Manifest["files"] = {};
  for (const f of files) {
    const bytes = await fsStep(`read back ${path.join(dir, f)}`, () => readFile(path.join(dir, f)));
    listed[f] = { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  const manifest: Manifest = { run_id: runId, finished: new Date().toISOString(), files: listed };
  const file = path.join(dir, RUN_FILES.manifest);
  await fsStep(`write ${file}`, () => writeFileAtomic(file, JSON.stringify(manifest, null, 1) + "\n"));
  return manifest;
}

/** A run directory ready for training. */
export interface OpenRunDir {
  readonly outDir: string;
  /** The directories made for it (removed again if the run fails before writing anything). */
  readonly created: readonly string[];
  /** The checkpoint to continue from, for --resume. */
  readonly checkpoint?: LoadedCheckpoint;
  /** Temporary files of killed saves, removed. */
  readonly staleTemps: readonly string[];
}

/**
 * Prepares the directory of a run: `resume` (a directory holding a checkpoint, read here), else
 * `out`, else a fresh folder under `root`/runs. Refusals are RunErrors; a directory made here is
 * removed again when it refuses.
 */
export async function openRunDir(o: { resume?: string; out?: string; root: string }): Promise<OpenRunDir> {
  let outDir: string;
  let created: string[] = [];
  if (o.resume !== undefined) {
    outDir = path.resolve(o.resume);
    created = await prepareOutDir(o.resume);
  } else if (o.out !== undefined) {
    outDir = path.resolve(o.out);
    created = await prepareOutDir(o.out);
  } else {
    ({ dir: outDir, created } = await freshRunDir(o.root));
  }
  try {
    const staleTemps = await removeStaleTemps(outDir);
    if (o.resume === undefined) {
      await clearForNewRun(outDir);
      return { outDir, created, staleTemps };
    }
    const file = path.join(outDir, RUN_FILES.checkpoint);
    if (!(await exists(file))) throw usage(`--resume ${o.resume}: no ${RUN_FILES.checkpoint} there to continue from`);
    const checkpoint = await loadCheckpoint(file);
    // Should a finished run's checkpoint have outlived its manifest: the files are about to change.
    const manifest = path.join(outDir, RUN_FILES.manifest);
    await fsStep(`remove ${manifest}`, () => rm(manifest, { force: true }));
    return { outDir, created, checkpoint, staleTemps };
  } catch (e) {
    await removeEmptyDirs(created);
    throw e;
  }
}
