// A consumer on TypeScript older than 5.4 (no `NoInfer`, so with `skipLibCheck` every shape
// mistake would compile silently) gets one clear error instead: package.json sends TypeScript
// < 5.4 to compat/typed-tensor-needs-typescript-5.4-or-newer.d.ts ("types@<5.4" in exports for
// node16/nodenext/bundler resolution, typesVersions for node10), a file that is deliberately not
// a module. Checked with a real TypeScript 5.3.3 (the `typescript-old` devDependency, an npm alias
// installed by `npm ci`) against the repository's own package.json, in every module resolution,
// with and without skipLibCheck, as ESM and as CJS; TypeScript 5.9 still resolves to dist/.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const oldTs = createRequire(import.meta.url)("typescript-old") as typeof ts;
const compatName = "typed-tensor-needs-typescript-5.4-or-newer.d.ts";

const work = mkdtempSync(join(tmpdir(), "typed-tensor-old-ts-"));
const pkg = join(work, "node_modules/typed-tensor");
mkdirSync(join(pkg, "compat"), { recursive: true });
mkdirSync(join(pkg, "dist"), { recursive: true });
writeFileSync(join(pkg, "package.json"), readFileSync(join(root, "package.json")));
copyFileSync(join(root, "compat", compatName), join(pkg, "compat", compatName));
// Stand-ins for the built declarations: only which file each compiler resolves to matters here.
for (const f of ["index.d.ts", "index.d.cts"])
  writeFileSync(join(pkg, "dist", f), "export declare const built: true;\n");
writeFileSync(join(work, "package.json"), JSON.stringify({ name: "old-ts-app", private: true, type: "module" }));
// A consumer with a shape mistake that TypeScript 5.3 would otherwise accept under skipLibCheck.
const consumer = [
  'import { dot, zeros } from "typed-tensor";',
  "const X = zeros(100, 784);",
  "const W2 = zeros(50, 10);",
  "export const logits = dot(X, W2);",
].join("\n");
writeFileSync(join(work, "consumer.ts"), consumer);
writeFileSync(join(work, "consumer.cts"), consumer);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const resolutions = [
  ["node10", oldTs.ModuleKind.CommonJS, oldTs.ModuleResolutionKind.Node10],
  ["node16", oldTs.ModuleKind.Node16, oldTs.ModuleResolutionKind.Node16],
  ["nodenext", oldTs.ModuleKind.NodeNext, oldTs.ModuleResolutionKind.NodeNext],
  ["bundler", oldTs.ModuleKind.ESNext, oldTs.ModuleResolutionKind.Bundler],
] as const;

function diagnostics(
  file: string,
  module: ts.ModuleKind,
  moduleResolution: ts.ModuleResolutionKind,
  skipLibCheck: boolean,
) {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: oldTs.ScriptTarget.ES2022,
    module,
    moduleResolution,
    skipLibCheck,
    types: [],
  };
  const program = oldTs.createProgram([join(work, file)], options);
  return oldTs.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file ? d.file.fileName.slice(work.length + 1) : "",
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    message: oldTs.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

describe("TypeScript older than 5.4", () => {
  it("is the real 5.3.3 compiler, and did not take over the repository's own tsc", () => {
    expect(oldTs.version).toBe("5.3.3");
    // Each package ships a `tsc` bin; package-lock.json leaves out typescript-old's and
    // typescript-5.4's so that `npm ci` links node_modules/.bin/tsc to TypeScript 5.9 (an
    // `npm install` may re-add them).
    const bin = join(root, "node_modules/.bin/tsc");
    if (existsSync(bin)) expect(realpathSync(bin)).toBe(realpathSync(join(root, "node_modules/typescript/bin/tsc")));
  });

  describe.each(resolutions)("moduleResolution %s", (_, module, moduleResolution) => {
    const files =
      moduleResolution === oldTs.ModuleResolutionKind.Node10 || moduleResolution === oldTs.ModuleResolutionKind.Bundler
        ? ["consumer.ts"]
        : ["consumer.ts", "consumer.cts"];
    // skipLibCheck on is the case that used to fail silently; off is checked once (node16, ESM)
    // because checking lib.d.ts takes a few seconds each time.
    const cases = files.map((f) => [f, true] as [string, boolean]);
    if (moduleResolution === oldTs.ModuleResolutionKind.Node16) cases.push(["consumer.ts", false]);
    it.each(cases)(
      "%s (skipLibCheck %s): exactly one error, on the import, naming the version needed",
      (file, skipLibCheck) => {
        const found = diagnostics(file, module, moduleResolution, skipLibCheck);
        expect(found).toEqual([
          {
            file,
            line: 1,
            code: 2306,
            message: `File '${join(pkg, "compat", compatName)}' is not a module.`,
          },
        ]);
        expect(found[0]!.message).toContain("typed-tensor-needs-typescript-5.4-or-newer");
      },
    );
  });
});

describe("TypeScript 5.4 and newer", () => {
  it.each([
    ["node10", ts.ModuleResolutionKind.Node10, "dist/index.d.ts"],
    ["node16 (import)", ts.ModuleResolutionKind.Node16, "dist/index.d.ts"],
    ["bundler", ts.ModuleResolutionKind.Bundler, "dist/index.d.ts"],
  ] as const)("resolves typed-tensor to the real declarations under %s", (_, moduleResolution, expected) => {
    const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution };
    if (moduleResolution === ts.ModuleResolutionKind.Node10) options.module = ts.ModuleKind.CommonJS;
    if (moduleResolution === ts.ModuleResolutionKind.Bundler) options.module = ts.ModuleKind.ESNext;
    const r = ts.resolveModuleName(
      "typed-tensor",
      join(work, "consumer.ts"),
      options,
      ts.sys,
      undefined,
      undefined,
      ts.ModuleKind.ESNext,
    );
    expect(r.resolvedModule?.resolvedFileName).toBe(join(pkg, expected));
  });

  it("resolves a CommonJS consumer to dist/index.d.cts", () => {
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    };
    const r = ts.resolveModuleName(
      "typed-tensor",
      join(work, "consumer.cts"),
      options,
      ts.sys,
      undefined,
      undefined,
      ts.ModuleKind.CommonJS,
    );
    expect(r.resolvedModule?.resolvedFileName).toBe(join(pkg, "dist/index.d.cts"));
  });
});
