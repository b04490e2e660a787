// The command line's exit codes, and the one error type that carries one. Every failure the user
// can cause or meet ends in one line on stderr and one of these codes, never a stack trace.

/** Exit codes of examples/train-mnist.ts (the README's "When things go wrong" lists them). */
export const EXIT = {
  /** Trained; the run directory is complete (run.json written last). */
  ok: 0,
  /** The data or the file system failed (a one-line message says which file and why). */
  failed: 1,
  /** A bad command line or --out, refused before any training. */
  usage: 2,
  /** The loss stopped being finite; the last finite checkpoint is kept. */
  diverged: 3,
  /** Interrupted (SIGINT, Ctrl-C); a checkpoint was written; continue with --resume. */
  interrupted: 130,
  /** Terminated (SIGTERM); a checkpoint was written; continue with --resume. */
  terminated: 143,
} as const;

/** A failure that ends the run with `code` and the one-line `message`. */
export class RunError extends Error {
  override readonly name = "RunError";
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const WORDS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "it is a directory",
  ERR_FS_EISDIR: "it is a directory",
  EEXIST: "it already exists",
  EMFILE: "too many open files",
  EIO: "input/output error",
  ENAMETOOLONG: "the name is too long",
};

/** A file-system error as a phrase: "permission denied (EACCES)". */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === "string") return `${WORDS[code] ?? (e as Error).message.split("\n")[0]} (${code})`;
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}

/** Runs `f`; a file-system error becomes a RunError "cannot <what>: <reason>" with exit code 1. */
export async function fsStep<T>(what: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof RunError) throw e;
    throw new RunError(`cannot ${what}: ${fsReason(e)}`, EXIT.failed);
  }
}
