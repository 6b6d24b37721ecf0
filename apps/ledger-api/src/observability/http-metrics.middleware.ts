import type { NextFunction, Request, Response } from 'express';
import type { KassaMetrics } from '@kassa/platform';
import { routeTemplate } from './route-template';

/** Counts every answered request and its duration by route template, method and status. */
export function httpMetricsMiddleware(metrics: KassaMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    response.once('finish', () => {
      const route = routeTemplate(request);
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.httpRequests.inc({ route, method: request.method, status: String(response.statusCode) });
      metrics.httpRequestDuration.observe({ route, method: request.method }, seconds);
    });
    next();
  };
}
