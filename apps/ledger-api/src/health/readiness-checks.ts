import type { DataSource } from 'typeorm';
import type { EventStore } from '@kassa/event-store';
import type { BackgroundWork } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import type { VerifyRunsRepository } from '@kassa/read-models';
import { verifyReadinessCheck } from '../finance/verify-readiness';
import type { ReadinessCheck } from './readiness';

/** A projection further behind than this many events makes the service not ready. */
const MAX_PENDING_EVENTS = 100;

export interface ReadinessDependencies {
  readonly config: Config;
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly background: BackgroundWork;
  readonly verifyRuns: VerifyRunsRepository;
}

export function readinessChecks({ config, dataSource, store, background, verifyRuns }: ReadinessDependencies): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => (await dataSource.query('SELECT 1'), {}) },
    {
      name: 'eventStore',
      check: async () => {
        const head = await store.headPosition();
        return { backend: config.eventStore, head: { commit: head.commit.toString(), prepare: head.prepare.toString() } };
      },
    },
    {
      name: 'projections',
      check: async () => {
        const statuses = await background.status();
        const lagging = statuses.filter((s) => s.isLeader && !s.caughtUp && s.pendingEvents >= MAX_PENDING_EVENTS);
        const failing = statuses.filter((s) => s.consecutiveFailures > 0 || s.stalled !== undefined);
        const detail = Object.fromEntries(statuses.map((s) => [s.name, {
          role: s.role,
          caughtUp: s.caughtUp,
          pendingEvents: s.pendingEventsCapped ? `${s.pendingEvents}+` : s.pendingEvents,
          ...(s.lastError ? { lastError: s.lastError } : {}),
          ...(s.stalled ? { stalled: { activity: s.stalled.activity, since: s.stalled.since.toISOString() } } : {}),
        }]));
        if (lagging.length > 0 || failing.length > 0) {
          throw new Error(`behind, failing or stalled: ${[...lagging, ...failing].map((s) => s.name).join(', ')}`);
        }
        return { subscriptions: detail };
      },
    },
    verifyReadinessCheck(verifyRuns, config.defaultMerchantId, config.merchants.map((merchant) => merchant.id)),
  ];
}
