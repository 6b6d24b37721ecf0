import type { ApiKeyConfig } from './api-keys';
import { ConfigError } from './config-error';

/** Shorter than this, an API-key secret is guessable enough to refuse outside the sandbox. */
export const MIN_API_KEY_SECRET_LENGTH = 24;
const PLACEHOLDER = 'CHANGE_ME';

/**
 * Outside the sandbox every API-key secret must be long and no placeholder copied from an example
 * (docker-compose, .env.example): either would leave the service open to whoever read the example.
 * The message names the key id, never the secret.
 */
export function refuseWeakApiKeySecrets(keys: readonly ApiKeyConfig[]): void {
  for (const key of keys) {
    if (key.secret.toUpperCase().includes(PLACEHOLDER)) {
      throw new ConfigError('LEDGER_API_KEYS', `key "${key.id}" still has a ${PLACEHOLDER} placeholder secret: put a random secret of at least ${MIN_API_KEY_SECRET_LENGTH} characters there`);
    }
    if (key.secret.length < MIN_API_KEY_SECRET_LENGTH) {
      throw new ConfigError('LEDGER_API_KEYS', `key "${key.id}" has a secret shorter than ${MIN_API_KEY_SECRET_LENGTH} characters (allowed only with the built-in sandbox)`);
    }
  }
}

/** A provider key left as a placeholder would make every signature check fail, or pass for whoever read the example. */
export function refusePlaceholderProviderKeys(keys: Readonly<Record<string, string>>): void {
  for (const [variable, value] of Object.entries(keys)) {
    if (value.toUpperCase().includes(PLACEHOLDER)) throw new ConfigError(variable, `still holds a ${PLACEHOLDER} placeholder`);
  }
}
