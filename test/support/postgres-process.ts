/**
 * An embedded PostgreSQL as a process of its own, for tests where the database must go away and
 * come back under a running service (jest cannot load the ESM-only package in a test file):
 * `node -r test/support/ts-register.js test/support/postgres-process.ts <dir> <port>` prints the
 * server's URL on one line and runs until SIGTERM (a clean stop) or until the server dies.
 */
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const database = await startEmbeddedPostgres(dir, { port: Number(port) });
  database.onUnexpectedExit(() => process.exit(0));
  process.on('SIGTERM', () => void database.stop().then(() => process.exit(0)));
  process.stdout.write(`${database.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
