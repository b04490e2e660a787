// Files are written whole or not at all: into a temporary file beside the target, synced, then
// renamed over it (a rename within one file system is atomic), so a reader or a crash sees the
// old file or the new one, never half of one. Used for models, metrics and plots alike.

// Node only: reached from typed-tensor/node (src/node.ts), never from the root entry point.
async function fs(): Promise<typeof import("node:fs/promises")> {
  return import("node:fs/promises");
}

let tempCounter = 0;

/**
 * The part of the open temporary file that a test's `write` hook uses. Structural, so the
 * published types of typed-tensor/node name nothing from @types/node.
 */
export interface TempFile {
  /** Writes (part of) the data into the temporary file. */
  writeFile(data: string | Uint8Array): Promise<void>;
}

/**
 * Writes `data` to `path` atomically; on any failure the temporary file is removed and the
 * previous file, if any, is untouched. From typed-tensor/node.
 * @example
 * ```ts
 * await writeFileAtomic("metrics.json", JSON.stringify({ test_acc: 0.9455 }));
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  write?: (handle: TempFile) => Promise<void>,
): Promise<void> {
  if (typeof path !== "string" || path === "") throw new TypeError("writeFileAtomic: path must be a non-empty string");
  const { open, rename, unlink } = await fs();
  // Unique per process and call; "wx" never clobbers another writer's temporary file.
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(temp, "wx");
  } catch (e) {
    // The errno code stays on the error, so a caller can say "permission denied" in its own words.
    throw Object.assign(new Error(`could not create ${temp} (${(e as Error).message})`), {
      code: (e as NodeJS.ErrnoException).code,
    });
  }
  try {
    try {
      // `write` lets a test fail midway, after part of the data is on disk.
      if (write) await write(handle);
      else await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
