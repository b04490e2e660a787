import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/io/write-atomic.js";

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

  it("writes bytes as given", async () => {
    const f = path.join(dir, "b.bin");
    await writeFileAtomic(f, Uint8Array.of(0, 255, 7));
    expect([...(await readFile(f))]).toEqual([0, 255, 7]);
    await rm(f);
  });

  it("keeps the old file and removes the temporary one when writing fails midway", async () => {
    const f = path.join(dir, "keep.txt");
    await writeFile(f, "old");
    await expect(
      writeFileAtomic(f, "", async (h) => {
        await h.writeFile("half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await readFile(f, "utf8")).toBe("old");
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    await rm(f);
  });

  it("refuses a directory that does not exist, writing nothing", async () => {
    const f = path.join(dir, "missing", "x.json");
    await expect(writeFileAtomic(f, "x")).rejects.toThrow(/could not create .*missing.*x\.json\.\d+\.1?\d*\.tmp/);
  });
  it("keeps the file system's error code when the temporary file cannot be made", async () => {
    const err = await writeFileAtomic(path.join(dir, "no-such-dir", "f.txt"), "x").catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect((err as Error).message).toMatch(/^could not create .*no-such-dir.f\.txt\.\d+\.\d+\.tmp/);
  });
});
