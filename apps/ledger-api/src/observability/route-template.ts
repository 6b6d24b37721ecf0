import type { Request } from 'express';

/** Requests that matched no route share one label, so scanners cannot grow the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The template of the route that answered (`/v1/deposits/:id`), never the URL with its ids. Nest
 * registers middleware for every path as a catch-all route (`/{*path}`); a request that ends on
 * such a pattern matched no route of ours.
 */
export function routeTemplate(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || path.includes('*')) return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}` || '/';
}
