/**
 * Thrown when a data file cannot be used: the message names the file and the problem, e.g.
 * `train-labels-idx1-ubyte: label 12 at index 7 is above 9`.
 */
export class DataError extends Error {
  override readonly name: string = "DataError";
  constructor(
    /** The file (a path, or a name given by the caller for bytes that came from elsewhere). */
    readonly file: string,
    /** What is wrong with it, without the file name. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/**
 * Thrown when a data file is not there at all; the message says where the loader looked and how
 * to get the files. A DataError, so one `catch` handles both.
 */
export class DataNotFoundError extends DataError {
  override readonly name: string = "DataNotFoundError";
}
