import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../libs/platform/src/database/embedded-postgres';
import { TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';
import { creditedDeposit } from '../support/money-flows';

jest.setTimeout(300_000); // an upper bound: the first start on a clean clone transpiles every source (see ServiceChild.healthy)

const REPO_ROOT = resolve(__dirname, '..', '..');

interface PostgresProcess {
  readonly url: string;
  readonly child: ChildProcess;
}

/** A PostgreSQL server of the test's own (test/support/postgres-process.ts) on a fixed port. */
async function startPostgres(dir: string, port: number): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['-r', join(REPO_ROOT, 'test', 'support', 'ts-register.js'), join(REPO_ROOT, 'test', 'support', 'postgres-process.ts'), dir, String(port)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith('postgres://'));
      if (line) done(line.trim());
    });
    child.once('exit', (code) => fail(new Error(`the test's PostgreSQL exited (${code}): ${output}`)));
  });
  return { url, child };
}

function stopped(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

/**
 * DATABASE_URL is someone else's server: when it goes away the service keeps running, and when it
 * comes back every pool (read models, events, the LISTEN connection, the leader locks) finds it again.
 */
describe('External database › the server goes away and comes back', () => {
  it('serves again, and its background work goes on, once the server at DATABASE_URL returns', async () => {
    mkdirSync(join(REPO_ROOT, '.test-data'), { recursive: true });
    const dir = mkdtempSync(join(REPO_ROOT, '.test-data', 'external-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    let server = await startPostgres(dir, port);
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE kassa');
    await admin.end();
    const service = await TestService.start({ DATABASE_URL: server.url.replace(/\/postgres$/, '/kassa') });
    try {
      await creditedDeposit(service, 'reconnecting', '100');

      // The server dies under the service (kill -9 of the postmaster: no goodbye to any connection).
      const postmaster = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');
      await stopped(server.child);
      await eventually(async () => ((await service.get('/ready')).status === 503 ? true : undefined), 20_000, '/ready to fail');
      expect((await service.get('/health')).status).toBe(200); // the process itself is fine

      server = await startPostgres(dir, port);
      await eventually(async () => ((await service.get('/v1/players/reconnecting/balances')).status === 200 ? true : undefined), 30_000, 'reads again');
      await creditedDeposit(service, 'reconnecting', '50'); // a write, its provider postback, the projections
      expect((await service.get('/v1/players/reconnecting/balances')).body.balances).toEqual([
        { currency: 'INR', available: '150.00', held: '0.00', total: '150.00' },
      ]);
      await eventually(async () => ((await service.get('/ready')).status === 200 ? true : undefined), 30_000, '/ready again');
    } finally {
      await service.close();
      server.child.kill('SIGTERM');
      await stopped(server.child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
