import type { Provider } from '@nestjs/common';
import { KassaMetrics } from '@kassa/platform';
import { Runtime } from '../runtime/runtime';
import { scrapedSources } from './scraped-sources';

/** One KassaMetrics per service: /metrics reads it, the HTTP middleware, the postbacks and the provider client write it. */
export function metricsProviders(runtime: Runtime): Provider[] {
  return [
    {
      provide: KassaMetrics,
      useFactory: () => new KassaMetrics(scrapedSources({
        tenantId: runtime.config.tenantId,
        dataSource: runtime.dataSource,
        subscriptionStatus: () => runtime.subscriptionStatus(),
      })),
    },
  ];
}
