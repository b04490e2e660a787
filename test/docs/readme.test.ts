// Every ```ts block of README.md compiles against src (typed-tensor and typed-tensor/node), and a
// block that shows a mistake proves it with `// @ts-expect-error`. See scripts/readme-examples.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileReadmeBlocks, readmeBlocks } from "../../scripts/readme-examples.js";
import { repoRoot } from "../../scripts/compile-fixtures.js";

describe("README.md's ts blocks", () => {
  const blocks = readmeBlocks(readFileSync(path.join(repoRoot, "README.md"), "utf8"));
  it("are found outside the generated shape-errors region", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });
  it("all compile", () => {
    expect(compileReadmeBlocks(blocks)).toEqual([]);
  });
  it("would report a block that does not compile, and an @ts-expect-error with no error", () => {
    const bad = compileReadmeBlocks([
      { line: 10, code: 'import { zeros } from "typed-tensor";\nconst m: number = zeros(2, 3);' },
      { line: 20, code: 'import { zeros } from "typed-tensor";\n// @ts-expect-error\nconst m = zeros(2, 3);' },
    ]);
    expect(bad).toEqual([
      expect.stringMatching(/^README\.md:11: TS2322: /),
      expect.stringMatching(/^README\.md:21: TS2578: Unused '@ts-expect-error' directive\./),
    ]);
  });
});
