import type { DataSource } from 'typeorm';
import type { SubscriptionStatus } from '@kassa/event-store';
import type { ScrapedSources } from '@kassa/platform';

export interface ScrapedSourcesDeps {
  readonly tenantId: string;
  readonly dataSource: DataSource;
  /** The projections' and process managers' positions (empty before background work starts). */
  readonly subscriptionStatus: () => Promise<readonly SubscriptionStatus[]>;
}

/** What /metrics reads at scrape time: subscription lag, the submission queue, dead letters. */
export function scrapedSources(deps: ScrapedSourcesDeps): ScrapedSources {
  return {
    subscriptionLag: async () => (await deps.subscriptionStatus())
      .filter((status) => status.isLeader)
      .map((status) => ({ name: status.name, pendingEvents: status.pendingEvents })),
    withdrawalSubmissions: async () => {
      const rows: { state: string; count: string }[] = await deps.dataSource.query(
        `SELECT state, count(*) AS count FROM withdrawal_submissions
          WHERE tenant_id = $1 AND state IN ('pending', 'parked') GROUP BY state`,
        [deps.tenantId],
      );
      const count = (state: string) => Number(rows.find((row) => row.state === state)?.count ?? 0);
      return { queued: count('pending'), parked: count('parked') };
    },
    deadLetters: async () => {
      const [row]: { count: string }[] = await deps.dataSource.query('SELECT count(*) AS count FROM dead_letters');
      return Number(row?.count ?? 0);
    },
  };
}
