import type { Provider } from '@nestjs/common';
import { WithdrawalSubmissionStatus } from '@kassa/ledger';
import { KassaMetrics } from '@kassa/platform';
import { Runtime } from '../runtime/runtime';
import { scrapedSources } from './scraped-sources';

/** One KassaMetrics per service: /metrics reads it, the HTTP middleware, the postbacks and the provider client write it. */
export function metricsProviders(runtime: Runtime): Provider[] {
  return [
    {
      provide: KassaMetrics,
      inject: [WithdrawalSubmissionStatus],
      useFactory: (withdrawalSubmissions: WithdrawalSubmissionStatus) => new KassaMetrics(scrapedSources({
        dataSource: runtime.dataSource,
        withdrawalSubmissions,
        subscriptionStatus: () => runtime.subscriptionStatus(),
      })),
    },
  ];
}
