import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { withCliContext } from './cli-context';
import { generateApiKeyCommand } from './commands/api-keys.command';
import { CopyEventsCommand } from './commands/copy-events.command';
import { ImportStatementCommand } from './commands/import-statement.command';
import { projectionNames, RebuildCommand } from './commands/rebuild.command';
import { VerifyCommand } from './commands/verify.command';
import { runCli } from './run-cli';

function positiveInteger(text: string): number {
  if (!/^[1-9]\d{0,5}$/.test(text)) throw new InvalidArgumentError('must be a whole number from 1 to 999999');
  return Number(text);
}

/** `npm run cli -- <command>`: operator commands on the same configuration as the service. */
export function buildProgram(): Command {
  const program = new Command('ledger-cli')
    .description('kassa-ledger operator commands (configuration from the environment, as the service)')
    .option('--init', 'create the embedded database in DATA_DIR when there is none (otherwise such a DATA_DIR is refused)');
  const guard = () => ({ init: program.opts<{ init?: boolean }>().init === true });

  program
    .command('rebuild')
    .argument('<name>', 'a projection (deposits, withdrawals, wallet-balances, journal, exceptions, or read-model.<name>) or all')
    .description('empty a read model and replay every event into it (the running service keeps serving; it replays if it leads)')
    .action(async (name: string) => {
      projectionNames(name); // an unknown name is a usage error (exit 2), found before any database is opened
      process.exitCode = await withCliContext((cli) => cli.get(RebuildCommand).run(name), undefined, guard());
    });

  program
    .command('verify')
    .description('replay every event into a scratch schema and compare each read model with it; exit 1 on drift')
    .option('--batch-size <n>', 'events per replay batch', positiveInteger)
    .option('--keep-schema', 'keep the scratch schema verify_<time> for inspection')
    .option('--json', 'print the whole result as JSON')
    .option('--merchant <id>', "one merchant's rows only (default: every configured merchant, each with its own verdict)")
    .action(async (options: { batchSize?: number; keepSchema?: boolean; json?: boolean; merchant?: string }) => {
      process.exitCode = (await withCliContext((cli) => cli.get(VerifyCommand).run(options), undefined, guard())).exitCode;
    });

  program
    .command('import-statement')
    .argument('<file>', 'a provider statement CSV (docs/statement-format.md)')
    .description('reconcile a provider statement with the ledger; the same file twice returns the stored result')
    .option('--json', 'print the whole result as JSON')
    .option('--merchant <id>', "the merchant whose Paykassma account the statement is (default: the default merchant)")
    .action(async (file: string, options: { json?: boolean; merchant?: string }) => {
      process.exitCode = (await withCliContext((cli) => cli.get(ImportStatementCommand).run(file, options), undefined, guard())).exitCode;
    });

  program
    .command('copy-events')
    .description('copy every event of the PostgreSQL store into EventStoreDB and re-point checkpoints (docs/production.md §4)')
    .requiredOption('--to <target>', 'eventstoredb')
    .option('--checkpoints-url <postgres url>', 'the PostgreSQL the service will use with EventStoreDB (default: this configuration\'s)')
    .option('--no-repoint', 'copy only; leave checkpoints as they are')
    .option('--batch-size <n>', 'events per read (at most 1000)', positiveInteger)
    .action(async (options: { to: string; checkpointsUrl?: string; repoint: boolean; batchSize?: number }) => {
      process.exitCode = await withCliContext((cli) => cli.get(CopyEventsCommand).run(options), undefined, guard());
    });

  const apiKeys = program.command('api-keys').description('API key helpers');
  apiKeys
    .command('generate')
    .argument('<id>', 'the key id (shows as the actor in event metadata)')
    .argument('<scopes>', 'payments, finance, admin, joined with +')
    .description('print a new LEDGER_API_KEYS entry with a random secret')
    .action((id: string, scopes: string) => {
      process.exitCode = generateApiKeyCommand(id, scopes);
    });

  return program;
}

if (require.main === module) {
  // Exit explicitly with the status the run earned: nothing left in the event loop decides it.
  void runCli(buildProgram(), process.argv).then((status) => process.exit(status));
}
