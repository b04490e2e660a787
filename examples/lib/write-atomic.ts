// Files are written whole or not at all: into a temporary name in the same directory, then
// renamed over the target (a rename within a file system is atomic), so a reader or a crash
// never sees half a metrics.json or a truncated PNG.
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The temporary name used next to `file` while it is being written. */
export function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/** Writes `data` to `file` atomically. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await withTemp(file, (tmp) => writeFile(tmp, data));
}

/** Lets `write` produce the file under a temporary name, then renames it into place. */
export async function withTemp(file: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  const tmp = tempName(file);
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
