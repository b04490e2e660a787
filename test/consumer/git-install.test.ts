// The package as `npm install git+<url>` gets it: a git repository holding this working tree's
// files (not dist/, which git ignores) is installed by URL into a separate project. npm clones it,
// installs its dev dependencies, runs its `prepare` build and packs the result; the test then
// imports and requires what that build produced. Offline: npm takes every tarball from its cache
// (filled by the `npm ci` that set up this checkout) and never asks the registry.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "typed-tensor-git-"));
const repo = join(work, "repo");
const app = join(work, "app");
const installed = join(app, "node_modules/typed-tensor");

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * npm's lockfile here leaves out `resolved` (this machine's npm config omits registry URLs), so a
 * plain `npm install` asks the registry for each package's metadata just to find its tarball's
 * URL. Writing the standard URLs, under the registry npm is configured with, into the temporary
 * repository's lockfile lets npm find every tarball in its cache by URL and integrity, offline.
 */
function withResolvedUrls(lockfile: string): string {
  const registry = run("npm", ["config", "get", "registry"], root).trim().replace(/\/?$/, "/");
  const lock = JSON.parse(lockfile) as {
    packages: Record<string, { version?: string; link?: boolean; resolved?: string }>;
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === "" || entry.link || entry.version === undefined || entry.resolved !== undefined) continue;
    const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    entry.resolved = `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
  }
  return JSON.stringify(lock, null, 2);
}

beforeAll(() => {
  // The working tree as it is (tracked and new files, ignored ones left out), committed to a fresh
  // repository, so the test checks the current sources and not only the last commit.
  const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(root, f)) && lstatSync(join(root, f)).isFile());
  for (const f of files) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    copyFileSync(join(root, f), join(repo, f));
  }
  expect(existsSync(join(repo, "dist"))).toBe(false);
  writeFileSync(
    join(repo, "package-lock.json"),
    withResolvedUrls(readFileSync(join(repo, "package-lock.json"), "utf8")),
  );
  run("git", ["init", "-q"], repo);
  run("git", ["add", "-A"], repo);
  run("git", ["-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "snapshot"], repo);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer-app", private: true, type: "module" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", `git+file://${repo}`], app);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm install git+file://<clone>", () => {
  it("runs the prepare build: the installed package has dist/ although the repository has none", () => {
    for (const f of [
      "index.js",
      "index.cjs",
      "index.d.ts",
      "index.d.cts",
      "node.js",
      "node.cjs",
      "node.d.ts",
      "node.d.cts",
    ]) {
      expect(existsSync(join(installed, "dist", f)), f).toBe(true);
    }
    // Only the published files, not the sources.
    expect(existsSync(join(installed, "src"))).toBe(false);
  });

  it("works through `import`, root and typed-tensor/node", () => {
    writeFileSync(
      join(app, "main.mjs"),
      [
        'import { dot, fromArray, DataNotFoundError } from "typed-tensor";',
        'import { loadMnist } from "typed-tensor/node";',
        "const e = await loadMnist('no-such-dir').catch((x) => x);",
        "console.log(JSON.stringify({ ab: dot(fromArray([[1, 2]]), fromArray([[3], [4]])).toArray(), shared: e instanceof DataNotFoundError }));",
      ].join("\n"),
    );
    expect(JSON.parse(run(process.execPath, ["main.mjs"], app))).toEqual({ ab: [[11]], shared: true });
  });

  it("works through `require`, root and typed-tensor/node", () => {
    writeFileSync(
      join(app, "main.cjs"),
      [
        'const { dot, fromArray, DataNotFoundError } = require("typed-tensor");',
        'const { loadMnist } = require("typed-tensor/node");',
        "loadMnist('no-such-dir').catch((e) => console.log(JSON.stringify({",
        "  ab: dot(fromArray([[1, 2]]), fromArray([[3], [4]])).toArray(), shared: e instanceof DataNotFoundError })));",
      ].join("\n"),
    );
    expect(JSON.parse(run(process.execPath, ["main.cjs"], app))).toEqual({ ab: [[11]], shared: true });
  });
});
