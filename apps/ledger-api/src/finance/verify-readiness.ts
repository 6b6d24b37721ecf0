import type { ReadinessCheck } from '../health/readiness';
import { Runtime } from '../runtime/runtime';
import { VerifyRunsRepository } from '@kassa/read-models';

/**
 * The last `ledger-cli verify` on /ready. Informational: drift is reported here and in the exceptions
 * report, but it does not take the service out of the load balancer (every replica would drop out
 * at once, and a rebuild, not a restart, is the repair).
 */
export function verifyReadinessCheck(runtime: Runtime): ReadinessCheck {
  const runs = new VerifyRunsRepository(runtime.dataSource);
  return {
    name: 'ledgerVerify',
    check: async () => {
      const last = await runs.last(runtime.config.tenantId);
      if (last === null) return { lastRun: null };
      return { lastRun: { id: last.id, finishedAt: last.finishedAt, ok: last.ok, driftedTables: last.driftedTables, positions: last.positions } };
    },
  };
}
