import { createHash } from 'node:crypto';
import type { ApiKeyConfig, Scope } from '@kassa/platform';

export interface ApiKeyIdentity {
  readonly id: string;
  /** The merchant the key acts for, or `*` (ALL_MERCHANTS) for a finance or admin key across merchants. */
  readonly merchant: string;
  readonly scopes: readonly Scope[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * API keys kept only as SHA-256 hashes: a presented key is hashed and looked up, so the secret is
 * never held or compared in clear after start-up.
 */
export class ApiKeyRegistry {
  private readonly byHash = new Map<string, ApiKeyIdentity>();

  constructor(keys: readonly ApiKeyConfig[]) {
    for (const key of keys) this.byHash.set(sha256(key.secret), { id: key.id, merchant: key.merchant, scopes: [...key.scopes] });
  }

  identify(presentedKey: string): ApiKeyIdentity | undefined {
    return this.byHash.get(sha256(presentedKey));
  }
}
