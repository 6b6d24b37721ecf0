import { ConfigError } from './config-error';

export const SCOPES = ['payments', 'finance', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The merchant of a key that reaches every merchant (finance and admin keys only). */
export const ALL_MERCHANTS = '*';

export interface ApiKeyConfig {
  readonly id: string;
  /** The merchant whose objects the key reaches, or `*` for all (finance and admin only). */
  readonly merchant: string;
  readonly scopes: readonly Scope[];
  readonly secret: string;
}

const ENTRY = /^(?:([a-z0-9-]{1,32}|\*)\/)?([A-Za-z0-9_.-]{1,64}):([a-z+]+):(\S{8,256})$/;

/**
 * `LEDGER_API_KEYS=[<merchant>/]<id>:<scope>[+<scope>…]:<secret>[,…]`, e.g.
 * `platform:payments:sk_test_1,brand-b/bplat:payments:sk_test_3,*\/audit:finance:sk_test_2`.
 * A key without a merchant belongs to `defaultMerchant`.
 */
export function parseApiKeys(text: string, defaultMerchant: string): ApiKeyConfig[] {
  const keys = text.split(',').map((entry, index) => {
    const match = ENTRY.exec(entry.trim());
    if (!match) {
      throw new ConfigError('LEDGER_API_KEYS', `entry ${index + 1} must look like [<merchant>/]<id>:<scope>[+<scope>]:<secret> with a secret of at least 8 characters`);
    }
    const scopes = match[3].split('+');
    const unknown = scopes.find((scope) => !(SCOPES as readonly string[]).includes(scope));
    if (unknown !== undefined) {
      throw new ConfigError('LEDGER_API_KEYS', `entry ${index + 1} has an unknown scope "${unknown}" (allowed: ${SCOPES.join(', ')})`);
    }
    const merchant = match[1] ?? defaultMerchant;
    if (merchant === ALL_MERCHANTS && scopes.includes('payments')) {
      throw new ConfigError('LEDGER_API_KEYS', `entry ${index + 1} ("${match[2]}") is for all merchants (*/): only finance and admin keys may be`);
    }
    return { id: match[2], merchant, scopes: scopes as Scope[], secret: match[4] };
  });
  const ids = new Set<string>();
  for (const key of keys) {
    if (ids.has(key.id)) throw new ConfigError('LEDGER_API_KEYS', `has the key id "${key.id}" twice`);
    ids.add(key.id);
  }
  return keys;
}

/** Every key names a configured merchant (or `*`). */
export function checkKeyMerchants(keys: readonly ApiKeyConfig[], merchantIds: readonly string[]): void {
  for (const key of keys) {
    if (key.merchant !== ALL_MERCHANTS && !merchantIds.includes(key.merchant)) {
      throw new ConfigError('LEDGER_API_KEYS', `key "${key.id}" belongs to the merchant "${key.merchant}", which is not configured (merchants: ${merchantIds.join(', ')})`);
    }
  }
}
