import { describe, expect, expectTypeOf, it } from "vitest";
import { FlagError, flagName, parseFlags, usage } from "../../../examples/lib/flags.js";

const SPECS = {
  iters: { type: "int", min: 1, default: 10, help: "steps" },
  lr: { type: "number", above: 0, default: 0.1, help: "rate" },
  std: { type: "number", above: 0, help: "init std" },
  evalEvery: { type: "int", min: 0, help: "eval period" },
  act: { type: "choice", choices: ["sigmoid", "relu"], default: "sigmoid", help: "activation" },
  out: { type: "string", value: "DIR", help: "output" },
} as const;

const refuse = (argv: string[]): string => {
  try {
    parseFlags(argv, SPECS);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagError);
    return (e as Error).message;
  }
  throw new Error("expected a FlagError");
};

describe("parseFlags", () => {
  it("applies defaults and types the values", () => {
    const { values, help } = parseFlags([], SPECS);
    expect(values).toEqual({ iters: 10, lr: 0.1, act: "sigmoid" });
    expect(help).toBe(false);
    expectTypeOf(values.iters).toEqualTypeOf<number>();
    expectTypeOf(values.std).toEqualTypeOf<number | undefined>();
    expectTypeOf(values.act).toEqualTypeOf<"sigmoid" | "relu">();
    expectTypeOf(values.out).toEqualTypeOf<string | undefined>();
  });

  it("reads --name value and --name=value, kebab-case for camelCase keys", () => {
    const { values } = parseFlags(
      ["--iters", "600", "--lr=0.05", "--eval-every", "0", "--act", "relu", "--out=runs/x", "--std", "1e-2"],
      SPECS,
    );
    expect(values).toEqual({ iters: 600, lr: 0.05, evalEvery: 0, act: "relu", out: "runs/x", std: 0.01 });
    expect(flagName("evalEvery")).toBe("--eval-every");
    expect(parseFlags(["-h"], SPECS).help).toBe(true);
  });

  it("refuses bad values with the flag's name and the reason", () => {
    expect(refuse(["--lr", "-0.1"])).toBe("--lr must be greater than 0, got -0.1");
    expect(refuse(["--lr", "0"])).toBe("--lr must be greater than 0, got 0");
    expect(refuse(["--lr", "fast"])).toBe(`--lr must be a number, got "fast"`);
    expect(refuse(["--lr", "Infinity"])).toBe(`--lr must be a number, got "Infinity"`);
    expect(refuse(["--iters", "1.5"])).toBe(`--iters must be a whole number, got "1.5"`);
    expect(refuse(["--iters", "0x10"])).toBe(`--iters must be a whole number, got "0x10"`);
    expect(refuse(["--iters", ""])).toBe(`--iters must be a whole number, got ""`);
    expect(refuse(["--iters", "0"])).toBe("--iters must be at least 1, got 0");
    expect(refuse(["--act", "gelu"])).toBe(`--act must be one of sigmoid, relu, got "gelu"`);
    expect(refuse(["--out="])).toBe("--out needs a non-empty value");
  });

  it("refuses unknown flags (suggesting near ones), missing values, repeats and stray words", () => {
    expect(refuse(["--itres", "5"])).toBe("unknown flag --itres (did you mean --iters?); see --help");
    expect(refuse(["--bogus"])).toBe("unknown flag --bogus; see --help");
    expect(refuse(["--iters"])).toBe("--iters needs a value");
    expect(refuse(["--iters", "--lr", "1"])).toBe("--iters needs a value");
    expect(refuse(["--iters", "5", "--iters=6"])).toBe("--iters is given twice");
    expect(refuse(["600"])).toBe(`unexpected argument "600": flags are spelled --name value (see --help)`);
  });

  it("writes a help text with every flag and its default", () => {
    const text = usage(SPECS, "Intro.");
    expect(text).toMatch(/^Intro\.\n\nFlags:\n/);
    expect(text).toMatch(/--iters N +steps \(default 10\)/);
    expect(text).toMatch(/--act sigmoid\|relu +activation \(default sigmoid\)/);
    expect(text).toMatch(/--out DIR +output\n/);
    expect(text).toMatch(/--help +this text/);
  });
  it("bounds numbers from above, shows the bound in the help, and says which flags were given", () => {
    const specs = {
      n: { type: "int", min: 1, max: 10_000, default: 5, help: "count" },
      x: { type: "number", above: 0, max: 2.5, help: "scale" },
    } as const;
    expect(() => parseFlags(["--n", "10001"], specs)).toThrow("--n must be at most 10000, got 10001");
    expect(() => parseFlags(["--x", "3"], specs)).toThrow("--x must be at most 2.5, got 3");
    expect([...parseFlags(["--x", "1"], specs).given]).toEqual(["x"]);
    const text = usage(specs, "Intro.");
    expect(text).toMatch(/--n N +count \(1 to 10,000; default 5\)/);
    expect(text).toMatch(/--x X +scale \(at most 2\.5\)/);
  });
});

describe("switch flags", () => {
  const SW = {
    fast: { type: "switch", default: false, help: "go fast" },
    n: { type: "int", default: 1, help: "n" },
  } as const;
  it("are false when absent and true when given, and take no value", () => {
    expect(parseFlags([], SW).values.fast).toBe(false);
    expect(parseFlags(["--fast", "--n", "2"], SW).values).toEqual({ fast: true, n: 2 });
    expectTypeOf(parseFlags([], SW).values.fast).toEqualTypeOf<boolean>();
    expect(() => parseFlags(["--fast=yes"], SW)).toThrow('--fast takes no value, got "yes"');
    expect(() => parseFlags(["--fast", "--fast"], SW)).toThrow("--fast is given twice");
  });
  it("show no value placeholder and no default in the help", () => {
    expect(usage(SW, "intro")).toMatch(/^ {2}--fast {2,}go fast$/m);
  });
});
