import type { Scope } from '@kassa/platform';
import { ApiError } from '../http/api-error';
import type { ApiKeyIdentity, ApiKeyRegistry } from './api-key-registry';

/**
 * The key an Authorization header presents, checked against the scopes a route needs: a missing or
 * unknown key → 401; a key without one of the scopes → 403. Shared by the guard (Nest routes) and
 * the sandbox's control routes (plain express).
 */
export function authenticate(registry: ApiKeyRegistry, authorization: string | undefined, required: readonly Scope[]): ApiKeyIdentity {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new ApiError(401, 'UNAUTHORIZED', 'Authentication required', 'send Authorization: Bearer <api key>');
  const identity = registry.identify(match[1]);
  if (!identity) throw new ApiError(401, 'UNAUTHORIZED', 'Authentication failed', 'the API key is not valid');
  if (required.length === 0 || !required.some((scope) => identity.scopes.includes(scope))) {
    throw new ApiError(403, 'FORBIDDEN', 'Not allowed', `this route needs the scope ${required.join(' or ') || '(none configured)'}`);
  }
  return identity;
}
