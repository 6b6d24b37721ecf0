/** Where a command writes: stdout in the CLI, a buffer in tests. */
export interface Output {
  line(text: string): void;
  /** Whether progress may draw a bar (a terminal) or must print plain lines. */
  readonly stream: NodeJS.WriteStream;
}

export const stdoutOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  stream: process.stdout,
};

/** Exit codes: 0 fine, 1 the check found a problem (drift), 2 the command itself failed. */
export const EXIT_OK = 0;
export const EXIT_FOUND_PROBLEMS = 1;
export const EXIT_FAILED = 2;
