/**
 * The CLI's exit statuses, which scripts and cron jobs act on: 0 done and fine; 1 the check found a
 * problem (drift) or the command failed (or refused to run); 2 the command line itself was wrong.
 */
export const EXIT_OK = 0;
export const EXIT_FOUND_PROBLEMS = 1;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The command line asks for something that does not exist (an unknown projection, a bad argument): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command will not run here, and the message says what to do instead: exit 1, one line, no stack. */
export class CliRefusal extends Error {
  override readonly name = 'CliRefusal';
}
