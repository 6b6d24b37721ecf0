import { createLogger } from './logger';

/** A logger made by createLogger that writes into an array instead of standard output. */
function capturedLogger(level: string, name?: string): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, name, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('Logging', () => {
  describe('secrets', () => {
    it('masks authorization headers, cookies and secret fields', () => {
      const { logger, lines } = capturedLogger('info');
      logger.info({
        req: { headers: { authorization: 'Bearer sk_live_abc', cookie: 'session=c00kie' } },
        config: { secret: 's3cr3t', privateKey: 'pk-1', postbackPrivateKey: 'pbk-1', pluginApiSecret: 'plug-1', withdrawalKey: 'wk-1', password: 'pw-1' },
        postback: { signature: 'sig-1' },
      }, 'hello');

      const text = JSON.stringify(lines);
      expect(text).not.toMatch(/sk_live_abc|c00kie|s3cr3t|pk-1|pbk-1|plug-1|wk-1|pw-1|sig-1/);
      expect(lines[0]).toMatchObject({
        req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]' } },
        config: { secret: '[Redacted]', privateKey: '[Redacted]', password: '[Redacted]' },
        postback: { signature: '[Redacted]' },
      });
    });

    it('keeps the fields that are not secret', () => {
      const { logger, lines } = capturedLogger('info');
      logger.info({ config: { secret: 's3cr3t', port: 3000 } }, 'hello');
      expect(lines[0]).toMatchObject({ msg: 'hello', config: { port: 3000 } });
    });
  });

  describe('lines', () => {
    it('writes one JSON object per line with the level by name, the logger name and an ISO time', () => {
      const { logger, lines } = capturedLogger('info', 'ledger-cli');
      logger.warn('careful');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'warn', name: 'ledger-cli', msg: 'careful' });
      expect(String(lines[0].time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('is named kassa-ledger unless told otherwise', () => {
      const { logger, lines } = capturedLogger('info');
      logger.info('hello');
      expect(lines[0].name).toBe('kassa-ledger');
    });

    it('drops lines below its level and writes nothing when silent', () => {
      const warn = capturedLogger('warn');
      warn.logger.info('not shown');
      warn.logger.error('shown');
      expect(warn.lines.map((line) => line.msg)).toEqual(['shown']);

      const silent = capturedLogger('silent');
      silent.logger.fatal('not shown either');
      expect(silent.lines).toEqual([]);
    });
  });
});
