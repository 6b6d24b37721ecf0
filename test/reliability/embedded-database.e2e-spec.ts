import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isProcessAlive } from '../../libs/platform/src/database/cluster-processes';
import { eventually } from '../support/eventually';
import { ServiceChild } from '../support/service-child';

jest.setTimeout(300_000); // an upper bound; each test starts the service (and its database) as a process, some twice

const TEST_DATA = join(__dirname, '..', '..', '.test-data');

function serverPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A setting PostgreSQL refuses at start-up: the server then exits with its own FATAL line. */
function breakConfiguration(dataDir: string): void {
  appendFileSync(join(dataDir, 'postgres', 'pg', 'postgresql.auto.conf'), "\nmax_connections = 'plenty'\n");
}

function repairConfiguration(dataDir: string): void {
  const file = join(dataDir, 'postgres', 'pg', 'postgresql.auto.conf');
  const text = readFileSync(file, 'utf8').replace("\nmax_connections = 'plenty'\n", '\n');
  writeFileSync(file, text);
}

/**
 * The service with its embedded PostgreSQL (no DATABASE_URL), as a process the test kills. One data
 * folder goes through the crashes in order, as an operator's would.
 */
describe('Embedded database › crashes', () => {
  let dataDir: string;
  const children: ServiceChild[] = [];
  const launch = async (env: Record<string, string | undefined> = {}) => {
    const child = await ServiceChild.launch({ DATA_DIR: dataDir, ...env });
    children.push(child);
    return child;
  };

  beforeAll(() => {
    mkdirSync(TEST_DATA, { recursive: true });
    const parent = mkdtempSync(join(TEST_DATA, 'crash-'));
    chmodSync(parent, 0o755); // the database's user must be able to enter it (see the last describe)
    dataDir = join(parent, 'data');
  });

  afterEach(async () => {
    for (const child of children.splice(0)) await child.stop(); // a failed test does not leave its service to the next
  });

  afterAll(async () => {
    // A server this file left behind (a failed step) must not outlive the run.
    if (existsSync(join(dataDir, 'postgres', 'pg', 'postmaster.pid'))) {
      const pid = serverPid(dataDir);
      if (isProcessAlive(pid)) process.kill(pid, 'SIGINT');
      await eventually(async () => (isProcessAlive(pid) ? undefined : true), 30_000, 'the test server to stop');
    }
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }, 60_000);

  it('starts again after kill -9 left its PostgreSQL running as an orphan, with the data kept', async () => {
    const first = await launch();
    await first.healthy();
    const deposit = await first.request('POST', '/v1/deposits', { walletType: 'paytm', label: 'survivor', amount: '250' }, { 'idempotency-key': 'crash-deposit-1' });
    expect(deposit.status).toBe(201);
    const orphan = serverPid(dataDir);

    await first.kill();
    expect(isProcessAlive(orphan)).toBe(true); // PostgreSQL is not taken down with the service

    const second = await launch();
    await second.healthy();
    expect(isProcessAlive(orphan)).toBe(false);
    expect(serverPid(dataDir)).not.toBe(orphan);
    const read = await second.request('GET', `/v1/deposits/${deposit.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.label).toBe('survivor');
    await second.stop();
  });

  it('starts its PostgreSQL again when it dies under the running service', async () => {
    const service = await launch();
    await service.healthy();
    const before = serverPid(dataDir);
    process.kill(before, 'SIGKILL');

    let last = '';
    await eventually(async () => {
      const pid = existsSync(join(dataDir, 'postgres', 'pg', 'postmaster.pid')) ? serverPid(dataDir) : before;
      if (pid === before) return undefined;
      // A fresh key each try: a try while the server was still starting may hold its key for the lease.
      const created = await service.request('POST', '/v1/deposits', { walletType: 'paytm', label: 'after-restart', amount: '100' }, { 'idempotency-key': `after-${pid}-${Math.random()}` });
      last = `${created.status} ${JSON.stringify(created.body)}`;
      return created.status === 201 ? true : undefined;
    }, 30_000, 'a deposit on the restarted database').catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${last}\n${service.log}`);
    });
    expect((await service.request('GET', '/health')).status).toBe(200);
    await service.stop();
  });

  it('fails /health while the database cannot be started again, then exits non-zero with the reason', async () => {
    const service = await launch();
    await service.healthy();
    breakConfiguration(dataDir);
    process.kill(serverPid(dataDir), 'SIGKILL');

    const down = await eventually(async () => {
      const health = await service.request('GET', '/health').catch(() => null);
      return health && health.status === 503 ? health : undefined;
    }, 20_000, '/health to fail');
    expect(down.body.status).toBe('down');
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.log).toContain('invalid value for parameter "max_connections"');
  });

  it('names PostgreSQL\'s own reason when the database does not start, never "undefined"', async () => {
    const service = await launch();
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.log).toMatch(/did not start: LOG: invalid value for parameter "max_connections": "plenty".* FATAL: configuration file .* contains errors/);
    expect(service.log).not.toContain('undefined');
    repairConfiguration(dataDir);
  });

  it('refuses a second service on the same DATA_DIR with a line naming the process that has it', async () => {
    const owner = await launch();
    await owner.healthy();
    const intruder = await launch();
    const { code } = await intruder.exited;
    expect(code).toBe(1);
    expect(intruder.log).toContain(`is in use by process ${owner.pid}`);
    expect((await owner.request('GET', '/health')).status).toBe(200); // the first one was left alone
    await owner.stop();
  });

  it('stops the PostgreSQL it started when its own start fails later (the HTTP port is taken)', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '0.0.0.0', listening));
    try {
      const service = await launch({ PORT: String((taken.address() as AddressInfo).port) });
      const { code } = await service.exited;
      expect(code).toBe(1);
      expect(service.log).toContain('EADDRINUSE');
      const pidFile = join(dataDir, 'postgres', 'pg', 'postmaster.pid');
      expect(existsSync(pidFile) && isProcessAlive(serverPid(dataDir))).toBe(false);
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  });
});

describe('Embedded database › a DATA_DIR the database user cannot reach', () => {
  const asRoot = process.getuid?.() === 0 ? it : it.skip;

  asRoot('stops at once with one line naming DATA_DIR and the fix', async () => {
    mkdirSync(TEST_DATA, { recursive: true });
    const dataDir = mkdtempSync(join(TEST_DATA, 'private-')); // 0700, as mktemp -d makes it
    try {
      const service = await ServiceChild.launch({ DATA_DIR: dataDir });
      const { code } = await service.exited;
      expect(code).toBe(1);
      const lines = service.log.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`DATA_DIR ${dataDir} cannot be used`);
      expect(lines[0]).toContain(`chmod o+x ${dataDir}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
