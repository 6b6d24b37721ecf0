import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, scrubSecrets } from './logger';

describe('Logging › secrets', () => {
  it('masks authorization headers and secret fields', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[Redacted]' } }, sink);
    logger.info({ req: { headers: { authorization: 'Bearer sk_live_abc' } }, config: { secret: 's3cr3t', privateKey: 'pk' } }, 'hello');
    expect(lines.join('')).not.toMatch(/sk_live_abc|s3cr3t|"pk"/);
    expect(lines.join('')).toContain('[Redacted]');
  });

  it('scrubs the provider secret from URLs', () => {
    expect(scrubSecrets('POST https://api.x/api/v1/transaction/create/paytm?secret=abc123&x=1'))
      .toBe('POST https://api.x/api/v1/transaction/create/paytm?secret=[Redacted]&x=1');
  });
});
