import type { ReadinessCheck } from '../health/readiness';
import type { VerifyResult, VerifyRunsRepository } from '@kassa/read-models';

const summary = (run: VerifyResult | null) =>
  run === null ? null : { id: run.id, finishedAt: run.finishedAt, ok: run.ok, driftedTables: run.driftedTables, positions: run.positions };

/**
 * The last `ledger-cli verify` on /ready: `lastRun` is the default merchant's, `merchants` every
 * configured merchant's (each run judges one merchant's rows). Informational: drift is reported here and in the exceptions
 * report, but it does not take the service out of the load balancer (every replica would drop out
 * at once, and a rebuild, not a restart, is the repair).
 */
export function verifyReadinessCheck(runs: VerifyRunsRepository, defaultMerchant: string, merchants: readonly string[]): ReadinessCheck {
  return {
    name: 'ledgerVerify',
    check: async () => {
      const lasts = await Promise.all(merchants.map(async (merchant) => [merchant, summary(await runs.last(merchant))] as const));
      const lastRun = lasts.find(([merchant]) => merchant === defaultMerchant)?.[1] ?? summary(await runs.last(defaultMerchant));
      return { lastRun, merchants: Object.fromEntries(lasts) };
    },
  };
}
