import type { NextFunction, Request, Response } from 'express';
import { requestIdFrom, runInRequestScope } from '@kassa/platform';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * First in the chain: the request's id is taken from X-Request-Id when acceptable, else made up;
 * it is answered on every response, becomes `req.id` (the request logger's id and the events'
 * correlation id), and everything the request runs logs it.
 */
export function requestIdMiddleware(request: Request & { id?: unknown }, response: Response, next: NextFunction): void {
  const requestId = requestIdFrom(request.headers['x-request-id']);
  request.id = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  runInRequestScope(requestId, next);
}
