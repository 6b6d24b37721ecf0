import type { DataSource } from 'typeorm';
import type { EventStore, SubscriptionStatus } from '@kassa/event-store';
import { countSubmissionsByState, readWithdrawalQueueState } from '@kassa/ledger';
import type { ScrapedSources } from '@kassa/platform';

export interface ScrapedSourcesDeps {
  /** Every configured merchant: the queue and webhook backlog gauges carry one series per merchant (0 when empty). */
  readonly merchantIds: readonly string[];
  readonly dataSource: DataSource;
  /** Where the submission queue's pause is recorded (its own stream). */
  readonly store: EventStore;
  /** The projections' and process managers' positions (empty before background work starts). */
  readonly subscriptionStatus: () => Promise<readonly SubscriptionStatus[]>;
}

/** What /metrics reads at scrape time: subscription lag, the submission queue, dead letters, the webhook backlog. */
export function scrapedSources(deps: ScrapedSourcesDeps): ScrapedSources {
  return {
    subscriptionLag: async () => (await deps.subscriptionStatus())
      .filter((status) => status.isLeader)
      .map((status) => ({ name: status.name, pendingEvents: status.pendingEvents })),
    // The same reads as WithdrawalSubmissionStatus (GET /v1/admin/withdrawal-queue), from the infrastructure alone.
    withdrawalSubmissions: () => Promise.all(deps.merchantIds.map(async (merchant) => ({ merchant, ...(await countSubmissionsByState(deps.dataSource, merchant)) }))),
    withdrawalQueuePaused: () => Promise.all(deps.merchantIds.map(async (merchant) => ({ merchant, paused: (await readWithdrawalQueueState(deps.store, merchant)).status === 'paused' }))),
    deadLetters: async () => {
      const [row]: { count: string }[] = await deps.dataSource.query('SELECT count(*) AS count FROM dead_letters');
      return Number(row?.count ?? 0);
    },
    webhookBacklog: async () => {
      const rows: { merchant: string; pending: number }[] = await deps.dataSource.query(
        `SELECT tenant_id AS merchant, count(*)::int AS pending FROM webhook_deliveries WHERE state = 'pending' GROUP BY tenant_id`,
      );
      const pending = new Map(rows.map((row) => [row.merchant, row.pending]));
      return [...new Set([...deps.merchantIds, ...pending.keys()])].map((merchant) => ({ merchant, pending: pending.get(merchant) ?? 0 }));
    },
  };
}
