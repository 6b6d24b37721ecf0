import pino, { type Logger } from 'pino';
import { censor, REDACTED_PATHS, scrubbedError, scrubLine } from './log-scrubbing';
import { currentRequestId } from './request-scope';

/** JSON lines on standard output, or on `destination` (tests read what would be logged). */
export function createLogger(level: string, name = 'kassa-ledger', destination?: pino.DestinationStream): Logger {
  return pino({
    name,
    level,
    // Secrets, signatures, raw bodies and SQL parameters never logged; transaction numbers masked
    // (libs/platform/src/logging/log-scrubbing.ts). Provider URLs are scrubbed where they are built.
    redact: { paths: REDACTED_PATHS, censor },
    serializers: { err: scrubbedError, error: scrubbedError },
    hooks: { streamWrite: scrubLine },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while a request is served names it, whichever logger wrote it.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  }, destination);
}
