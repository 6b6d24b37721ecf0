import { StatementImportService } from '@kassa/read-models';
import { WALLET_CATALOGUE } from '@kassa/paykassma';
import type { Config } from '@kassa/platform';
import type { DataSource } from 'typeorm';

/** A statement belongs to one merchant's Paykassma account: read in that account's time zone, stored under it. */
export class StatementImports {
  private readonly services = new Map<string, StatementImportService>();

  constructor(dataSource: DataSource, config: Config) {
    for (const merchant of config.merchants) {
      this.services.set(merchant.id, new StatementImportService(dataSource, {
        tenantId: merchant.id,
        providerTimeZone: merchant.paykassma.timeZone,
        walletTypes: WALLET_CATALOGUE.map((entry) => entry.walletType),
      }));
    }
  }

  for(merchantId: string): StatementImportService {
    const service = this.services.get(merchantId);
    if (!service) throw new Error(`no merchant "${merchantId}" is configured`);
    return service;
  }
}
