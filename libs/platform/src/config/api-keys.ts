import { ConfigError } from './config-error';

export const SCOPES = ['payments', 'finance', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyConfig {
  readonly id: string;
  readonly scopes: readonly Scope[];
  readonly secret: string;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):([a-z+]+):(\S{8,256})$/;

/** `LEDGER_API_KEYS=<id>:<scope>[+<scope>…]:<secret>[,…]`, e.g. `platform:payments:sk_test_1`. */
export function parseApiKeys(text: string): ApiKeyConfig[] {
  const keys = text.split(',').map((entry, index) => {
    const match = ENTRY.exec(entry.trim());
    if (!match) {
      throw new ConfigError('LEDGER_API_KEYS', `entry ${index + 1} must look like <id>:<scope>[+<scope>]:<secret> with a secret of at least 8 characters`);
    }
    const scopes = match[2].split('+');
    const unknown = scopes.find((scope) => !(SCOPES as readonly string[]).includes(scope));
    if (unknown !== undefined) {
      throw new ConfigError('LEDGER_API_KEYS', `entry ${index + 1} has an unknown scope "${unknown}" (allowed: ${SCOPES.join(', ')})`);
    }
    return { id: match[1], scopes: scopes as Scope[], secret: match[3] };
  });
  const ids = new Set<string>();
  for (const key of keys) {
    if (ids.has(key.id)) throw new ConfigError('LEDGER_API_KEYS', `has the key id "${key.id}" twice`);
    ids.add(key.id);
  }
  return keys;
}
