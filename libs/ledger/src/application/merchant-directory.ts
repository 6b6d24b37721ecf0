import type { MerchantDirectory, MerchantLedger } from './ledger-context';

/** The configured merchants, by id; fixed for the life of the process. */
export function merchantDirectory(merchants: readonly MerchantLedger[]): MerchantDirectory {
  const byId = new Map(merchants.map((merchant) => [merchant.settings.tenantId, merchant]));
  const ids = Object.freeze([...byId.keys()]);
  return {
    ids: () => ids,
    has: (merchantId) => byId.has(merchantId),
    get: (merchantId) => {
      const merchant = byId.get(merchantId);
      // Ids are checked at the edge (API key, postback URL); reaching here with another is a bug.
      if (!merchant) throw new Error(`no merchant "${merchantId}" is configured`);
      return merchant;
    },
  };
}
