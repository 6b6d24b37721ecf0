import { randomBytes } from 'node:crypto';
import { eventually } from './eventually';
import { Client } from 'pg';

/**
 * A fresh, empty database on the run's embedded PostgreSQL (started by global-setup.ts).
 * Returns its connection string; drop() removes it after the file's tests.
 */
export async function createTestDatabase(prefix = 'test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // Connections that are still closing (a pool's sockets, a lock connection) get a moment to go:
        // FORCE would kill them, and an error on a connection nobody listens to fails the whole file.
        const connections = async (): Promise<number> =>
          (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])).rows[0].n;
        await eventually(async () => (await connections()) === 0, 3_000, `the connections to ${name} to close`).catch(() => undefined);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
