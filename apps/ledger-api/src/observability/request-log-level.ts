import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

/** A failed request is the service's fault (error); a refused one is the client's (info, like a success). */
export function requestLogLevel(_request: IncomingMessage, response: ServerResponse, error?: Error): LevelWithSilent {
  return error !== undefined || response.statusCode >= 500 ? 'error' : 'info';
}
