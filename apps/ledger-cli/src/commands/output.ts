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

export { EXIT_FAILED, EXIT_FOUND_PROBLEMS, EXIT_OK, EXIT_USAGE } from '../cli-errors';
