import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTemp, writeFileAtomic } from "../../../examples/lib/write-atomic.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tt-atomic-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("replaces a file whole and leaves no temporary file", async () => {
    const f = path.join(dir, "m.json");
    await writeFile(f, "old");
    await writeFileAtomic(f, "new");
    expect(await readFile(f, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["m.json"]);
  });

  it("keeps the old file and cleans up when writing fails", async () => {
    const f = path.join(dir, "keep.txt");
    await writeFile(f, "old");
    await expect(withTemp(f, async (tmp) => {
      await writeFile(tmp, "half");
      throw new Error("disk full");
    })).rejects.toThrow("disk full");
    expect(await readFile(f, "utf8")).toBe("old");
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
