import type { DataSource } from 'typeorm';
import { comparePositions, type Position } from '@kassa/event-store';
import { createTestDatabase } from './support/test-database';
import { TestService } from './support/e2e-app';
import { eventually } from './support/eventually';

/** Stop the service (as SIGTERM does) and start it again on the same database. */
describe('Restart › resumes from the checkpoints', () => {
  it('keeps every acknowledged credit, applies nothing twice and goes on with new work', async () => {
    const db = await createTestDatabase('restart');
    try {
      const first = await TestService.start({ DATABASE_URL: db.url });
      const deposit = await first.post('/v1/deposits', { walletType: 'paytm', label: 'restarted', amount: '250' });
      await first.post(`/v1/deposits/${deposit.body.id}/activation`, { transactionId: '47381119993', amount: '250' });
      await eventually(async () => ((await first.get(`/v1/deposits/${deposit.body.id}`)).body.status === 'credited' ? true : undefined));
      await first.settled();
      const checkpointsBefore = await checkpoints(first.dataSource);
      await first.close();

      const second = await TestService.start({ DATABASE_URL: db.url });
      try {
        await second.settled();
        // Each subscription resumed where it stood: none went back (a filtered one may since have moved
        // its checkpoint past events it does not want, up to the head).
        const checkpointsAfter = await checkpoints(second.dataSource);
        expect([...checkpointsAfter.keys()]).toEqual([...checkpointsBefore.keys()]);
        for (const [name, before] of checkpointsBefore) expect([name, comparePositions(checkpointsAfter.get(name)!, before) >= 0]).toEqual([name, true]);
        expect((await second.get('/v1/players/restarted/balances')).body.balances).toEqual([
          { currency: 'INR', available: '250.00', held: '0.00', total: '250.00' },
        ]);

        const next = await second.post('/v1/deposits', { walletType: 'paytm', label: 'restarted', amount: '100' });
        await second.post(`/v1/deposits/${next.body.id}/activation`, { transactionId: '47381119983', amount: '100' });
        await eventually(async () => {
          const balances = (await second.get('/v1/players/restarted/balances')).body.balances;
          return balances[0]?.available === '350.00' ? true : undefined;
        });
        await second.settled(); // the ledger entries are a projection: they may lag the balance
        const entries: { n: number }[] = await second.dataSource.query(
          "SELECT count(*)::int AS n FROM ledger_entries WHERE label = 'restarted'",
        );
        expect(entries[0].n).toBe(2); // one player posting per credit: nothing replayed twice
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
    }
  });
});

async function checkpoints(dataSource: DataSource): Promise<Map<string, Position>> {
  const rows: { name: string; commit_position: string; prepare_position: string }[] = await dataSource.query(
    'SELECT name, commit_position::text, prepare_position::text FROM subscription_checkpoints ORDER BY name',
  );
  return new Map(rows.map((row) => [row.name, { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) }]));
}
