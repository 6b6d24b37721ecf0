import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** X-Request-Id values we take as given: 1 to 128 visible ASCII characters (docs/api.md). */
const ACCEPTED_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The request's id when the client sent an acceptable one, else a new one. */
export function requestIdFrom(header: string | readonly string[] | undefined): string {
  const given = Array.isArray(header) ? undefined : (header as string | undefined);
  return given !== undefined && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}

interface RequestScope {
  readonly requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (and everything it starts) as part of one request: its log lines carry the request id. */
export function runInRequestScope<T>(requestId: string, work: () => T): T {
  return scope.run({ requestId }, work);
}

/** The id of the request the current code runs for, or undefined outside a request (background work). */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
