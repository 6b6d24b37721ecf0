import { Runtime } from '../runtime/runtime';
import { verifyReadinessCheck } from '../finance/verify-readiness';
import type { ReadinessCheck } from './readiness';

/** A projection further behind than this many events makes the service not ready. */
const MAX_PENDING_EVENTS = 100;

export function readinessChecks(runtime: Runtime): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => (await runtime.dataSource.query('SELECT 1'), {}) },
    {
      name: 'eventStore',
      check: async () => {
        const head = await runtime.eventStore.headPosition();
        return { backend: runtime.config.eventStore, head: { commit: head.commit.toString(), prepare: head.prepare.toString() } };
      },
    },
    {
      name: 'projections',
      check: async () => {
        const statuses = await runtime.subscriptionStatus();
        const lagging = statuses.filter((s) => s.isLeader && !s.caughtUp && s.pendingEvents >= MAX_PENDING_EVENTS);
        const failing = statuses.filter((s) => s.consecutiveFailures > 0);
        const detail = Object.fromEntries(statuses.map((s) => [s.name, {
          role: s.role,
          caughtUp: s.caughtUp,
          pendingEvents: s.pendingEventsCapped ? `${s.pendingEvents}+` : s.pendingEvents,
          ...(s.lastError ? { lastError: s.lastError } : {}),
        }]));
        if (lagging.length > 0 || failing.length > 0) {
          throw new Error(`behind or failing: ${[...lagging, ...failing].map((s) => s.name).join(', ')}`);
        }
        return { subscriptions: detail };
      },
    },
    verifyReadinessCheck(runtime),
  ];
}
