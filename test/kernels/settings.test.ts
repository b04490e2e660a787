// The kernel family setting: checked, returned, and read from TYPED_TENSOR_KERNELS.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { kernelFamily, setKernelFamily, type KernelFamily } from "../../src/kernels/settings.js";

const initial = kernelFamily();
afterEach(() => void setKernelFamily(initial));

describe("setKernelFamily", () => {
  it("refuses an unknown family with a clear message", () => {
    expect(() => setKernelFamily("gpu" as KernelFamily)).toThrow(
      'setKernelFamily: the family must be "auto", "js" or "wasm", got "gpu"',
    );
    expect(kernelFamily()).toBe(initial);
  });
  it("returns the previous choice", () => {
    const prev = setKernelFamily("js");
    expect(kernelFamily()).toBe("js");
    expect(setKernelFamily(prev)).toBe("js");
  });
});

describe("TYPED_TENSOR_KERNELS", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const run = (value: string) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { kernelFamily } = await import("./src/kernels/settings.ts"); console.log(kernelFamily());`,
      ],
      { cwd: root, encoding: "utf8", env: { ...process.env, TYPED_TENSOR_KERNELS: value } },
    );
  it("sets the family at load, and a bad value is an error naming the variable", () => {
    expect(run("js").stdout.trim()).toBe("js");
    expect(run("").stdout.trim()).toBe("auto");
    const bad = run("fast");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('TYPED_TENSOR_KERNELS must be "auto", "js" or "wasm", got "fast"');
  });
});
