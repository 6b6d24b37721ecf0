import type { Logger } from 'pino';
import { createLogger } from '@kassa/platform';

export type LogLine = Record<string, any>;

/** A logger writing into memory, as the service would write to standard output, for tests that read the logs. */
export function captureLogs(level = 'info'): { logger: Logger; lines: LogLine[]; text(): string } {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const logger = createLogger(level, 'kassa-ledger', {
    write: (line: string) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  return { logger, lines, text: () => raw.join('') };
}
