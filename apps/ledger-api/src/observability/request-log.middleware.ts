import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestLogLevel } from './request-log-level';

/** Probes and scrapes: polled often, never logged. */
const NOT_LOGGED = new Set(['/health', '/ready', '/metrics']);

/**
 * A request in the logs: no headers (credentials live there), no body, and its path without the
 * query string (queries carry labels, transaction numbers and, from careless clients, keys).
 */
function describeRequest(request: Request & { id?: unknown }) {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return { id: request.id, method: request.method, url: query === -1 ? url : url.slice(0, query), remoteAddress: request.socket?.remoteAddress };
}

/**
 * One `request completed` line when the answer is finished (`request aborted` when the client went
 * away before a non-failed answer was sent): the request, its merchant (the API key's, known once the
 * key is checked, or the postback URL's), the status, the time taken; at `error` for a 5xx or a
 * failed response, else `info`. Written inside the request's scope, so it carries the request id
 * like any other line of the request. It is the line pino-http wrote, without the three child
 * loggers pino-http made for every request (probes included), which nothing read.
 */
export function requestLogMiddleware(logger: Logger) {
  return (request: Request & { id?: unknown; merchantId?: unknown }, response: Response, next: NextFunction): void => {
    if (NOT_LOGGED.has(request.url)) return next();
    const startedAt = Date.now();
    const described = describeRequest(request);
    const done = (error?: Error) => {
      response.removeListener('close', done);
      response.removeListener('finish', done);
      response.removeListener('error', done);
      const level = requestLogLevel(request, response, error);
      if (level === 'silent') return;
      const merchant = request.merchantId;
      // A 5xx is logged by the error filter with its real error; this line only says how the request ended.
      const failed = error !== undefined || response.statusCode >= 500;
      const message = failed || (!request.readableAborted && response.writableEnded) ? 'request completed' : 'request aborted';
      logger[level](
        { req: described, ...(typeof merchant === 'string' ? { merchant } : {}), res: { statusCode: response.statusCode }, responseTime: Date.now() - startedAt },
        message,
      );
    };
    response.on('close', done);
    response.on('finish', done);
    response.on('error', done);
    next();
  };
}
