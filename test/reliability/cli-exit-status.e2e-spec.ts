import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ServiceChild } from '../support/service-child';

jest.setTimeout(300_000); // an upper bound: the first start on a clean clone transpiles every source (see ServiceChild.healthy)

const REPO_ROOT = resolve(__dirname, '..', '..');
const TEST_DATA = join(REPO_ROOT, '.test-data');

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ledger-cli <args>` as an operator runs it: its own process, from the sources. */
function cli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['-r', join(REPO_ROOT, 'test', 'support', 'ts-register.js'), join(REPO_ROOT, 'apps', 'ledger-cli', 'src', 'main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done) => child.once('close', (status) => done({ status, stdout, stderr })));
}

/** A superuser connection to the embedded PostgreSQL a service runs in `dataDir`. */
async function embeddedClient(dataDir: string): Promise<Client> {
  const root = join(dataDir, 'postgres');
  const port = readFileSync(join(root, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3];
  const password = readFileSync(join(root, 'pg-password'), 'utf8').trim();
  const client = new Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/kassa_ledger` });
  await client.connect();
  return client;
}

/**
 * The CLI's exit status is what scripts act on: 0 fine, 1 drift or failure (or a refusal), 2 a
 * wrong command line. It runs on the embedded database only where one exists and no service has it.
 */
describe('ledger-cli › exit status and refusals', () => {
  let parent: string;
  let dataDir: string;
  let service: ServiceChild | null = null;

  beforeAll(async () => {
    mkdirSync(TEST_DATA, { recursive: true });
    parent = mkdtempSync(join(TEST_DATA, 'cli-'));
    chmodSync(parent, 0o755);
    dataDir = join(parent, 'data');
  });

  afterEach(async () => {
    await service?.stop();
    service = null;
  });

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('refuses a DATA_DIR that never held a ledger, creates nothing, and says what to do', async () => {
    const run = await cli(['verify'], { DATA_DIR: join(parent, 'typo') });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `ledger-cli: DATA_DIR ${join(parent, 'typo')} holds no ledger database (none was ever created there): set DATA_DIR to the service's data folder ` +
        "or DATABASE_URL to its database; pass --init to create an empty one here",
    );
    expect(existsSync(join(parent, 'typo', 'postgres', 'pg'))).toBe(false);
  });

  it('creates the database in an empty DATA_DIR only when told --init', async () => {
    const fresh = join(parent, 'fresh');
    const run = await cli(['--init', 'verify'], { DATA_DIR: fresh });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('every read model of default equals the replay'); // exit 0: no drift
    expect(existsSync(join(fresh, 'postgres', 'pg', 'PG_VERSION'))).toBe(true);
  });

  it('answers 2 to a wrong command line, before touching any database', async () => {
    const unknownProjection = await cli(['rebuild', 'nonsense'], { DATA_DIR: join(parent, 'typo') });
    expect(unknownProjection.status).toBe(2);
    expect(unknownProjection.stderr).toContain('no projection nonsense');
    const missingArgument = await cli(['import-statement'], { DATA_DIR: join(parent, 'typo') });
    expect(missingArgument.status).toBe(2);
  });

  it('refuses a DATA_DIR a running service has, pointing to the admin endpoints; once stopped, verify exits 1 on drift', async () => {
    service = await ServiceChild.launch({ DATA_DIR: dataDir });
    await service.healthy();
    const opened = await service.request('POST', '/v1/deposits', { walletType: 'paytm', label: 'cli-drift', amount: '250' }, { 'idempotency-key': 'cli-drift-1' });
    expect(opened.status).toBe(201);

    const refused = await cli(['verify'], { DATA_DIR: dataDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`DATA_DIR ${dataDir} belongs to a running kassa-ledger (process ${service.pid})`);
    expect(refused.stderr).toContain('use its admin endpoints');
    expect(refused.stderr).toContain('or stop the service first');
    expect((await service.request('GET', '/health')).status).toBe(200);

    const client = await embeddedClient(dataDir);
    try {
      await client.query("UPDATE deposits SET label = 'tampered' WHERE id = $1", [opened.body.id]);
    } finally {
      await client.end();
    }
    await service.stop();

    const drift = await cli(['verify'], { DATA_DIR: dataDir });
    expect(drift.stdout).toContain('DRIFT');
    expect(drift.status).toBe(1);
  });

  it('exits 1 with the reason when the command fails', async () => {
    const run = await cli(['import-statement', join(parent, 'no-such-statement.csv')], { DATA_DIR: dataDir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ledger-cli: .*no-such-statement\.csv/);
    expect(run.stderr).not.toContain('undefined');
  });
});
