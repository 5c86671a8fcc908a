/** Exit codes of the command-line tool. */
export const EXIT = {
  ok: 0,
  /** `check` found an error finding or a file below `--min-cacheable`. */
  checkFailed: 1,
  /**
   * Wrong usage or input that cannot be analysed (malformed, too large, binary, missing), or a
   * provider count asked for that did not come (no key, refused key, unreachable host).
   */
  badInput: 2,
  /** A fault of the tool itself. */
  internal: 3,
} as const;

/** A problem the user can fix: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
    /** Print the usage text after the message. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
