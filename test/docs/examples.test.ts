// Every `@example` in src compiles as a snippet with the package root's exports in scope
// (scripts/doc-examples.ts), so the documentation cannot drift from the API.
import { describe, expect, it } from "vitest";
import { compileDocExamples, docExamples, type DocExample } from "../../scripts/doc-examples.js";

describe("@example blocks in src", () => {
  const examples = docExamples();

  it("are all found, each with a fenced ts block", () => {
    expect(examples.length).toBeGreaterThanOrEqual(90);
    expect(examples.filter((e) => e.code === null).map((e) => `${e.file}:${e.line}`)).toEqual([]);
  });

  it("all compile", () => {
    const problems = compileDocExamples(examples).map((p) => `${p.example.file}:${p.example.line}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it("a wrong example is reported (the check can fail), and so is one without a fence", () => {
    const bad: DocExample[] = [
      { file: "src/x.ts", line: 1, code: "const h = dot(zeros(2, 3), zeros(4, 5));" },
      { file: "src/x.ts", line: 9, code: "const v: Vector<50> = zeros(50);" },
      { file: "src/x.ts", line: 20, code: null },
      { file: "src/x.ts", line: 30, code: "const ok = dot(zeros(2, 3), zeros(3, 5));" },
    ];
    const problems = compileDocExamples(bad);
    expect([...new Set(problems.map((p) => p.example.line))]).toEqual([20, 1, 9]);
    expect(problems[1]!.message).toContain("TS2345");
    expect(problems[2]!.message).toContain("snippet line 1: TS2");
  });
});
