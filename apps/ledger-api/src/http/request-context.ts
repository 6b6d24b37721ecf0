import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@kassa/ledger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

/** The actor and correlation id every event of this request carries (X-Request-Id when sent). */
export function requestContext(request: AuthenticatedRequest): RequestContext {
  const given = request.header('x-request-id');
  return {
    actor: request.apiKey?.id ?? 'anonymous',
    correlationId: given && /^[\x21-\x7e]{1,128}$/.test(given) ? given : randomUUID(),
  };
}
