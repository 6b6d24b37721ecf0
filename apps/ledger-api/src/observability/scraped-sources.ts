import type { DataSource } from 'typeorm';
import type { SubscriptionStatus } from '@kassa/event-store';
import type { WithdrawalSubmissionStatus } from '@kassa/ledger';
import type { ScrapedSources } from '@kassa/platform';

export interface ScrapedSourcesDeps {
  readonly dataSource: DataSource;
  /** The submission queue's counts (queued, parked) and whether it is paused. */
  readonly withdrawalSubmissions: WithdrawalSubmissionStatus;
  /** The projections' and process managers' positions (empty before background work starts). */
  readonly subscriptionStatus: () => Promise<readonly SubscriptionStatus[]>;
}

/** What /metrics reads at scrape time: subscription lag, the submission queue, dead letters. */
export function scrapedSources(deps: ScrapedSourcesDeps): ScrapedSources {
  return {
    subscriptionLag: async () => (await deps.subscriptionStatus())
      .filter((status) => status.isLeader)
      .map((status) => ({ name: status.name, pendingEvents: status.pendingEvents })),
    withdrawalSubmissions: () => deps.withdrawalSubmissions.countsByState(),
    withdrawalQueuePaused: () => deps.withdrawalSubmissions.paused(),
    deadLetters: async () => {
      const [row]: { count: string }[] = await deps.dataSource.query('SELECT count(*) AS count FROM dead_letters');
      return Number(row?.count ?? 0);
    },
  };
}
