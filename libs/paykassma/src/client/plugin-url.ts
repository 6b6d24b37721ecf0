import { toWholeUnits, type Money } from '@kassa/kernel';
import { getWalletType } from '../catalogue/wallet-catalogue';

/** Redirect ids that Paykassma support issues for the merchant's URLs (docs/paykassma.md §5). */
export interface PluginRedirectIds {
  readonly success?: string | number | null;
  readonly fail?: string | number | null;
  readonly pending?: string | number | null;
}

export interface PluginUrlInput {
  /** e.g. https://plugin.example.com (PAYKASSMA_PLUGIN_URL). */
  readonly pluginUrl: string;
  readonly walletType: string;
  readonly label: string;
  /** Comes back as plugin_custom_order_id in the postback: our deposit id. */
  readonly customTransactionId: string;
  /** Defaults to the wallet's first language; must be one of its languages. */
  readonly lang?: string | null;
  /** Sent as whole units; omitted when absent or not a whole amount (the window then asks the player). */
  readonly fixedAmount?: Money | null;
  readonly redirectIds?: PluginRedirectIds;
}

/**
 * The payment-window link. The hashed success_url/fail_url/pending_url variant is not built: its
 * hashing recipe is undocumented (docs/paykassma.md §5), so only the payment_url_*_id route is supported.
 */
export function buildPluginUrl(input: PluginUrlInput): string {
  const entry = getWalletType(input.walletType);
  const lang = input.lang ?? entry.languages[0];
  if (!entry.languages.includes(lang)) throw new RangeError(`lang "${lang}" is not offered for ${entry.walletType}`);
  const url = new URL(input.pluginUrl.endsWith('/') ? input.pluginUrl : `${input.pluginUrl}/`);
  const params = url.searchParams;
  params.set('label', input.label);
  params.set('currency_code', entry.currency);
  params.set('lang', lang);
  params.set('wallet_type', entry.walletType);
  params.set('custom_transaction_id', input.customTransactionId);
  const fixed = input.fixedAmount ? wholeUnitsOrNull(input.fixedAmount) : null;
  if (fixed !== null) params.set('fixed_amount', fixed.toString());
  const ids = input.redirectIds ?? {};
  for (const [name, value] of [['payment_url_success_id', ids.success], ['payment_url_fail_id', ids.fail], ['payment_url_pending_id', ids.pending]] as const) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  return url.toString();
}

function wholeUnitsOrNull(money: Money): bigint | null {
  try {
    return toWholeUnits(money);
  } catch {
    return null;
  }
}

/** PAYKASSMA_PLUGIN_URL default: https://api.X → https://plugin.X; any other base → {base}/plugin. */
export function derivePluginUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname.startsWith('api.')) {
    url.hostname = `plugin.${url.hostname.slice(4)}`;
    url.pathname = '/';
    return url.toString();
  }
  return `${apiUrl.replace(/\/+$/, '')}/plugin/`;
}
