// The package as a user gets it: built from src/ into a temporary folder, packed with `npm pack`,
// installed from the tarball into a separate project (offline), then (a) imported by an .mjs
// file, (b) required by a .cjs file, each computing a dot product, and (c, d) one consumer file
// type-checked with the TypeScript compiler API as ESM (.ts, against the packed index.d.ts) and as
// CJS (.cts, against index.d.cts): the deliberate shape mistakes give exactly the expected errors,
// and every other line none, with this project's TypeScript and with 5.4, the oldest supported;
// (e) the typed-tensor/node subpath through both, sharing the root's classes; (f) the root
// bundled for the browser with esbuild, no flags, within the size budget; (g) the constructors'
// dtype under a `lib` without Symbol.toStringTag.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * TypeScript 5.4.5, the oldest version the package supports: the `typescript-5.4` devDependency
 * (an npm alias; its `tsc` bin is left out of package-lock.json, see old-typescript.test.ts).
 */
const tsOldest = createRequire(import.meta.url)("typescript-5.4") as typeof ts;
const work = mkdtempSync(join(tmpdir(), "typed-tensor-consumer-"));
const pkgDir = join(work, "package");
const app = join(work, "app");

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

let packedFiles: string[] = [];
/** The gzipped size (level 9) the minified browser bundle of the root must stay under. */
const BROWSER_BUDGET_GZIP = 56 * 1024;

beforeAll(() => {
  // Build the current sources (not whatever dist/ holds) into the folder that gets packed.
  mkdirSync(pkgDir, { recursive: true });
  run(
    process.execPath,
    [join(root, "node_modules/tsup/dist/cli-default.js"), "--out-dir", join(pkgDir, "dist"), "--no-sourcemap"],
    root,
  );
  writeFileSync(join(pkgDir, "package.json"), readFileSync(join(root, "package.json")));
  const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], pkgDir)) as {
    filename: string;
    files: { path: string }[];
  }[];
  packedFiles = packed[0]!.files.map((f) => f.path).sort();
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer-app", private: true, type: "module" }));
  run(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--no-package-lock",
      join(work, packed[0]!.filename),
    ],
    app,
  );
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

// A consumer of the package: each line marked `// TSnnnn` must give exactly that error, every
// other line none. The same text is checked as ESM (consumer.ts in a "type": "module" project,
// resolved through the `import` condition to index.d.ts) and as CJS (consumer.cts, whose imports
// become require calls, resolved through the `require` condition to index.d.cts).
const consumerLines = [
  'import { Matrix, add, assertShape, dim, dot, softmax, sum, zeros, zerosVector, type Mnist, type Vector } from "typed-tensor";',
  'import { loadMnist } from "typed-tensor/node";',
  "const mnist: Promise<Mnist> = loadMnist();",
  "const X = zeros(100, 784);",
  "const W1 = zeros(784, 50);",
  "const b1 = zerosVector(50);",
  "const W2 = zeros(50, 10);",
  "const h = add(dot(X, W1), b1);",
  "const p: Matrix<100, 10> = softmax(dot(h, W2));",
  "const dW2: Matrix<50, 10> = dot(h.T, p);",
  "const db: Vector<10> = sum(p, 0);",
  "const dh: Matrix<100, 50> = dot(p, W2.T);",
  "const loaded: Matrix<number, number> = zeros(784, 50);",
  "assertShape(loaded, 784, 50);",
  "const viaLoaded: Matrix<100, 50> = dot(X, loaded);",
  'const batch = dim("batch", 32);',
  'const test = dim("test", 32);',
  "const xb = zeros(batch, 784);",
  "dot(X, W2); // TS2345",
  "dot(p, W2); // TS2345",
  "dot(X, W1.T); // TS2345",
  "add(dot(X, W1), zerosVector(10)); // TS2345",
  "add(xb, zeros(test, 784)); // TS2345",
  'dot(X, zeros(784, 50, "f64")); // TS2345',
  "const wrong: Matrix<50, 100> = dot(X, W1); // TS2322",
  "loadMnist(784); // TS2345",
  // The constructor takes the dtype from the array: f64 here, f32 below, so the add is refused.
  "const wrapped = new Matrix(new Float64Array(6), 2, 3);",
  'const wrapped64: Matrix<2, 3, "f64"> = wrapped;',
  "const wrapped32 = new Matrix(new Float32Array(6), 2, 3);",
  "add(wrapped, wrapped32); // TS2345",
  'new Matrix<2, 3, "f64">(new Float32Array(6), 2, 3); // TS2345',
  "void [p, dW2, db, dh, viaLoaded, mnist, wrapped64];",
];
const expectedErrors = consumerLines.flatMap((l, i) => {
  const m = / \/\/ (TS\d+)$/.exec(l);
  return m ? [{ line: i + 1, code: m[1]! }] : [];
});

interface Found {
  file: string;
  line: number;
  code: string;
  text: string;
}
const checked = new Map<typeof ts, { program: ts.Program; found: Found[] }>();

/**
 * Writes both consumers into the installed app and type-checks them in one program, once per
 * compiler: the project's TypeScript, or `tsOldest` (5.4.5, the oldest the package supports).
 */
function typeCheckConsumers(compiler: typeof ts = ts): { program: ts.Program; found: Found[] } {
  const done = checked.get(compiler);
  if (done) return done;
  const files = ["consumer.ts", "consumer.cts"].map((f) => join(app, f));
  for (const f of files) writeFileSync(f, consumerLines.join("\n") + "\n");
  const program = compiler.createProgram(files, {
    strict: true,
    noEmit: true,
    target: compiler.ScriptTarget.ES2022,
    module: compiler.ModuleKind.NodeNext,
    moduleResolution: compiler.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ["lib.es2022.d.ts"],
  });
  const found = compiler.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file?.fileName ?? "",
    line: d.file === undefined || d.start === undefined ? -1 : d.file.getLineAndCharacterOfPosition(d.start).line + 1,
    code: `TS${d.code}`,
    text: compiler.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  // Diagnostics outside the two consumers (say, in the packed .d.ts files) are failures too.
  expect(found.filter((d) => !files.includes(d.file))).toEqual([]);
  checked.set(compiler, { program, found });
  return { program, found };
}

describe("the packed package", () => {
  it("holds the ESM and CJS builds and their declarations, not the sources", () => {
    // Shared code is in hashed chunks (one per format, for code and for declarations);
    // helper-worker is the helper threads' module (evaluations and the trainers' prefetching).
    const unhashed = [
      ...new Set(packedFiles.map((f) => f.replace(/^dist\/(chunk|mnist)-[\w-]+\./, "dist/$1-HASH."))),
    ].sort();
    expect(unhashed).toEqual([
      "dist/chunk-HASH.cjs",
      "dist/chunk-HASH.js",
      "dist/helper-worker.cjs",
      "dist/helper-worker.d.cts",
      "dist/helper-worker.d.ts",
      "dist/helper-worker.js",
      "dist/index.cjs",
      "dist/index.d.cts",
      "dist/index.d.ts",
      "dist/index.js",
      "dist/mnist-HASH.d.cts",
      "dist/mnist-HASH.d.ts",
      "dist/node.cjs",
      "dist/node.d.cts",
      "dist/node.d.ts",
      "dist/node.js",
      "package.json",
    ]);
  });

  it("(a) works through `import` from an .mjs file", () => {
    writeFileSync(
      join(app, "main.mjs"),
      [
        'import { dot, fromArray, vectorFromArray, ShapeError, zeros } from "typed-tensor";',
        'import { inspect } from "node:util";',
        "const a = fromArray([[1, 2, 3], [4, 5, 6]]);",
        "const b = fromArray([[7, 8], [9, 10], [11, 12]]);",
        "let message = '';",
        "try { dot(zeros(100, 784), zeros(50, 10)); } catch (e) { message = (e instanceof ShapeError) + ' ' + e.message; }",
        "console.log(JSON.stringify({ ab: dot(a, b).toArray(), av: dot(a, vectorFromArray([1, 0, -1])).toArray(), message, shown: inspect(dot(a, b)) }));",
      ].join("\n"),
    );
    const out = JSON.parse(run(process.execPath, ["main.mjs"], app));
    expect(out).toEqual({
      ab: [
        [58, 64],
        [139, 154],
      ],
      av: [-2, -2],
      message: "true dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)",
      shown: "matrix([[ 58.,  64.],\n        [139., 154.]], shape=[2, 2], dtype=float32)",
    });
  });

  it("(b) works through `require` from a .cjs file", () => {
    writeFileSync(
      join(app, "main.cjs"),
      [
        'const { dot, fromArray, eye, astype, ShapeError, zeros } = require("typed-tensor");',
        "const a = astype(fromArray([[1, 2], [3, 4]]), 'f64');",
        "let message = '';",
        "try { dot(zeros(2, 3), zeros(2, 3)); } catch (e) { message = (e instanceof ShapeError) + ' ' + e.message; }",
        "console.log(JSON.stringify({ aI: dot(a, eye(2, 'f64')).toArray(), ata: dot(a.T, a).toArray(), dtype: a.dtype, message }));",
      ].join("\n"),
    );
    const out = JSON.parse(run(process.execPath, ["main.cjs"], app));
    expect(out).toEqual({
      aI: [
        [1, 2],
        [3, 4],
      ],
      ata: [
        [10, 14],
        [14, 20],
      ],
      dtype: "f64",
      message: "true dot: [2, 3] x [2, 3]: a.cols (3) must equal b.rows (2)",
    });
  });

  // Both module kinds: an IDX file written with the root's encodeIdx is read back by loadIdx, and
  // the error of a missing MNIST directory is the root's DataNotFoundError (one class, not two).
  it.each([
    [
      "import",
      "node.mjs",
      'import { encodeIdx, DataNotFoundError } from "typed-tensor";\n' +
        'import { loadIdx, loadMnist } from "typed-tensor/node";\nimport { writeFileSync } from "node:fs";',
    ],
    [
      "require",
      "node.cjs",
      'const { encodeIdx, DataNotFoundError } = require("typed-tensor");\n' +
        'const { loadIdx, loadMnist } = require("typed-tensor/node");\nconst { writeFileSync } = require("node:fs");',
    ],
  ])("(e) typed-tensor/node works through `%s` and throws the root's error classes", (_, name, imports) => {
    writeFileSync(
      join(app, name),
      [
        imports,
        "(async () => {",
        "  writeFileSync('labels.idx', encodeIdx('u8', [3], [7, 2, 1]));",
        "  const { dims, data } = await loadIdx('labels.idx');",
        "  const error = await loadMnist('no-such-dir').catch((e) => e);",
        "  console.log(JSON.stringify({ dims, data: [...data], shared: error instanceof DataNotFoundError, name: error.name }));",
        "})();",
      ].join("\n"),
    );
    const out = JSON.parse(run(process.execPath, [name], app));
    expect(out).toEqual({ dims: [3], data: [7, 2, 1], shared: true, name: "DataNotFoundError" });
  });

  it("(f) bundles for the browser with esbuild and no flags: no node:* import, within the size budget, and it runs", async () => {
    writeFileSync(
      join(app, "browser.mjs"),
      [
        'import { dot, fromArray } from "typed-tensor";',
        "globalThis.result = dot(fromArray([[1, 2]]), fromArray([[3], [4]])).toArray();",
        'export * from "typed-tensor";',
      ].join("\n"),
    );
    // Only the defaults a person would pass; a node:* import anywhere fails the build outright.
    const out = await build({
      entryPoints: [join(app, "browser.mjs")],
      absWorkingDir: app,
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(out.metafile.inputs);
    const imports = Object.values(out.metafile.inputs).flatMap((i) => i.imports.map((d) => d.path));
    expect(inputs.some((f) => f.includes("typed-tensor/dist/index.js"))).toBe(true);
    expect(inputs.filter((f) => !f.includes("typed-tensor/dist/") && !f.endsWith("browser.mjs"))).toEqual([]);
    // tsup writes node:fs as "fs": a Node built-in under either spelling is refused.
    expect(imports.filter((p) => p.startsWith("node:") || isBuiltin(p))).toEqual([]);
    const code = out.outputFiles[0]!.contents;
    expect(Buffer.from(code).toString("utf8")).not.toMatch(/["'`]node:/);
    // The README states this size; raising the budget is a decision, not a side effect.
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`browser bundle of the root: ${code.length} B minified, ${gzipped} B gzipped`);
    expect(gzipped).toBeLessThan(BROWSER_BUDGET_GZIP);
    // The bundle is the library, not an empty shell: it runs, here in Node's ESM loader.
    writeFileSync(join(app, "bundle.mjs"), code);
    const ran = JSON.parse(
      run(
        process.execPath,
        ["--input-type=module", "-e", "await import('./bundle.mjs'); console.log(JSON.stringify(globalThis.result));"],
        app,
      ),
    );
    expect(ran).toEqual([[11]]);
  });

  it.each([
    ["(c)", "consumer.ts", "index.d.ts"],
    ["(d)", "consumer.cts", "index.d.cts"],
  ])("%s type-checks %s against the packed dist/%s: the expected errors and no others", (_, name, declarations) => {
    const { program, found } = typeCheckConsumers();
    const file = join(app, name);
    const here = found.filter((d) => d.file === file);
    expect(here.map(({ line, code }) => ({ line, code }))).toEqual(expectedErrors);
    // The declarations resolved are the packed ones for that module kind, and the message names both shapes.
    const source = program.getSourceFile(file)!;
    const resolved = ts.resolveModuleName(
      "typed-tensor",
      file,
      program.getCompilerOptions(),
      ts.sys,
      undefined,
      undefined,
      source.impliedNodeFormat,
    ).resolvedModule?.resolvedFileName;
    expect(resolved).toBe(join(app, "node_modules/typed-tensor/dist", declarations));
    expect(program.getSourceFile(resolved!)).toBeDefined();
    const first = here[0]!.text;
    expect(first).toContain('Matrix<50, 10, "f32">');
    expect(first).toContain("784");
  });

  // TypeScript 5.4 is the oldest the package supports (NoInfer), and before 5.7 the typed arrays
  // were not generic: the declarations must give the same errors there, with no others.
  it.each([
    ["(c')", "consumer.ts"],
    ["(d')", "consumer.cts"],
  ])("%s type-checks %s with TypeScript 5.4: the same errors and no others", (_, name) => {
    expect(tsOldest.version).toBe("5.4.5");
    const { found } = typeCheckConsumers(tsOldest);
    const here = found.filter((d) => d.file === join(app, name));
    expect(here.map(({ line, code }) => ({ line, code }))).toEqual(expectedErrors);
  });

  // The helper runs the built module beside the bundle (HELPER_WORKER_URL), and serves batches:
  // the script wraps worker_threads.Worker to see what starts, and to read the job's slot states
  // (3: a batch done) between steps. Then, from compressed rows, the same helper evaluates a set
  // in the background while it gathers, and counts what accuracy() counted before those steps.
  it("(h) Trainer.prefetch and evalSet from the installed package: one dist/helper-worker.js does both", () => {
    const lines = [
      'import wt from "node:worker_threads";',
      "const Real = wt.Worker, started = [], ctls = [];",
      "wt.Worker = class extends Real {",
      "  constructor(url, opts) { super(url, opts); started.push(String(url)); }",
      '  postMessage(m, t) { if (m && m.kind === "serve") ctls.push(m.ctl); return super.postMessage(m, t); }',
      "};",
      'const { accuracy, createTrainer, evalSet, initTwoLayer, twoLayer, rng, sparseRows, zeros, asLabels } = await import("typed-tensor");',
      "const X = zeros(2000, 784); for (let i = 0; i < X.data.length; i += 5) X.data[i] = 1;",
      "const y = asLabels(new Int32Array(2000), 2000);",
      "const tr = createTrainer(twoLayer(initTwoLayer(rng(0), 784, 50, 10)), 100);",
      "const idx = (t) => Int32Array.from({ length: 100 }, (_, i) => (t * 7919 + i * 13) % 2000);",
      "let ready = 0;",
      "for (let t = 0; t < 400 && ready < 5; t++) {",
      "  tr.prefetch(X, y, idx(t + 1));",
      "  await new Promise((r) => setTimeout(r, 20));",
      "  for (const c of ctls) for (let s = 0; s < 3; s++) if (Atomics.load(c, 4 + 4 * s) === 3) ready++;",
      "  tr.stepRows(X, y, idx(t));",
      "}",
      "const S = sparseRows(X), set = evalSet(S, y), net = twoLayer(initTwoLayer(rng(1), 784, 50, 10));",
      "const tr2 = createTrainer(net, 100), want = accuracy(net, X, y), p = set.accuracyLater(net);",
      "for (let t = 0; t < 50; t++) { tr2.prefetch(S, y, idx(t + 1)); tr2.stepRows(S, y, idx(t)); }",
      "const same = p.wait() === want;",
      "console.log(JSON.stringify({ started: started.map((u) => u.replace(/.*\\/node_modules\\//, '')), ready: ready >= 5, same }));",
    ];
    writeFileSync(join(app, "prefetch.mjs"), lines.join("\n"));
    const out = JSON.parse(
      execFileSync(process.execPath, ["prefetch.mjs"], {
        cwd: app,
        encoding: "utf8",
        env: { ...process.env, TYPED_TENSOR_THREADS: "2" },
        timeout: 60_000,
      }),
    );
    expect(out).toEqual({ started: ["typed-tensor/dist/helper-worker.js"], ready: true, same: true });
  }, 70_000);

  // With `lib` ES5 alone there is no Symbol.toStringTag, and Float32Array and Float64Array are one
  // type to TypeScript. The constructors try their general signature first so that a Float32Array
  // still gives "f32" there; a Float64Array gives "f32" too (as it did before the constructors read
  // the dtype off the array), so such a consumer writes the type arguments for f64.
  it("(g) with lib ES5 (no Symbol.toStringTag) a Float32Array still gives an f32 matrix", () => {
    const file = join(app, "es5.ts");
    const lines = [
      'import { Matrix } from "typed-tensor";',
      "const m32 = new Matrix(new Float32Array(6), 2, 3);",
      'export const f32: Matrix<2, 3, "f32"> = m32;',
      "const m64 = new Matrix(new Float64Array(6), 2, 3);",
      'export const f64: Matrix<2, 3, "f64"> = m64; // TS2322',
      'export const explicit = new Matrix<2, 3, "f64">(new Float64Array(6), 2, 3);',
    ];
    writeFileSync(file, lines.join("\n") + "\n");
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      lib: ["lib.es5.d.ts"],
      skipLibCheck: true,
    });
    const found = ts.getPreEmitDiagnostics(program).map((d) => ({
      line: d.file === undefined || d.start === undefined ? -1 : d.file.getLineAndCharacterOfPosition(d.start).line + 1,
      code: `TS${d.code}`,
    }));
    expect(found).toEqual([{ line: 5, code: "TS2322" }]);
  });
});
