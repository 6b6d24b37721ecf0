import type { ReadinessCheck } from '../health/readiness';
import type { VerifyRunsRepository } from '@kassa/read-models';

/**
 * The last `ledger-cli verify` on /ready. Informational: drift is reported here and in the exceptions
 * report, but it does not take the service out of the load balancer (every replica would drop out
 * at once, and a rebuild, not a restart, is the repair).
 */
export function verifyReadinessCheck(runs: VerifyRunsRepository, tenantId: string): ReadinessCheck {
  return {
    name: 'ledgerVerify',
    check: async () => {
      const last = await runs.last(tenantId);
      if (last === null) return { lastRun: null };
      return { lastRun: { id: last.id, finishedAt: last.finishedAt, ok: last.ok, driftedTables: last.driftedTables, positions: last.positions } };
    },
  };
}
