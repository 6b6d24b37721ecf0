import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-scope';

/**
 * Paths whose values never reach a log line: API keys, provider secrets and signatures. (URLs of
 * provider calls, whose query carries the secret, are scrubbed where they are built: see the
 * Paykassma client's scrubSecret.)
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.secret',
  '*.privateKey',
  '*.postbackPrivateKey',
  '*.pluginApiSecret',
  '*.withdrawalKey',
  '*.password',
  '*.signature',
];

/** JSON lines on standard output, or on `destination` (tests read what would be logged). */
export function createLogger(level: string, name = 'kassa-ledger', destination?: pino.DestinationStream): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while a request is served names it, whichever logger wrote it.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  }, destination);
}
