import { Client } from 'pg';
import { createTestDatabase } from './test-database';

describe('Test harness › embedded PostgreSQL', () => {
  it('gives each test file its own empty database with durable commits', async () => {
    const db = await createTestDatabase('harness');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      expect(rows[0].synchronous_commit).toBe('on');
      const tables = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
