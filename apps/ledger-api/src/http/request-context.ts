import type { RequestContext } from '@kassa/ledger';
import { requestIdFrom } from '@kassa/platform';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

/**
 * The actor and correlation id every event of this request carries: the correlation id is the
 * request's id (X-Request-Id, set by the request-id middleware), so events, logs and the answer agree.
 */
export function requestContext(request: AuthenticatedRequest & { id?: unknown }): RequestContext {
  return {
    actor: request.apiKey?.id ?? 'anonymous',
    correlationId: typeof request.id === 'string' ? request.id : requestIdFrom(request.header('x-request-id')),
  };
}
