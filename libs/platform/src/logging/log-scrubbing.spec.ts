import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  return { logger: createLogger('debug', 'test', { write: (line: string) => void lines.push(line) }), lines };
}

/** A failed TypeORM statement as TypeORM builds it: the SQL, its parameters, and the driver's error with PostgreSQL's detail. */
function failedStatement(): Error {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "claims_pkey"'), {
    code: '23505',
    detail: 'Key (transaction_id)=(470012345673) already exists.',
    constraint: 'claims_pkey',
  });
  return new QueryFailedError('INSERT INTO postback_inbox (raw_body) VALUES ($1)', ['{"signature":"sig-0123456789abcdef","key1":"470012345673"}'], driverError);
}

describe('Log scrubbing', () => {
  it('drops the parameters, values and driver error of a failed statement, keeping what went wrong', () => {
    const { logger, lines } = capture();
    logger.error({ err: failedStatement() }, 'postback processing failed');
    const line = JSON.parse(lines[0]);
    expect(line.err).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'claims_pkey' });
    expect(line.err.message).toContain('claims_pkey');
    for (const leaked of ['sig-0123456789abcdef', '470012345673', 'raw_body']) expect(lines[0]).not.toContain(leaked);
  });

  it('masks transaction numbers in their fields and inside stream or deposit ids anywhere in a line', () => {
    const { logger, lines } = capture();
    logger.warn({ transactionId: '470012345673', records: { key1: 'AB12CD34EF56GH78' } }, 'quarantined');
    logger.error({ err: new Error('wrong expected version on provider-tx-default.paytm.470012345673 (expected 0)') }, 'append failed');
    logger.info({ depositId: 'unmatched-upay_manual-LK-2024-99871' }, 'unmatched credit');
    const text = lines.join('\n');
    for (const whole of ['470012345673', 'AB12CD34EF56GH78', 'LK-2024-99871']) expect(text).not.toContain(whole);
    expect(JSON.parse(lines[0])).toMatchObject({ transactionId: '***5673', records: { key1: '***GH78' } });
    expect(JSON.parse(lines[1]).err.message).toContain('provider-tx-default.paytm.***5673');
    expect(JSON.parse(lines[2]).depositId).toBe('unmatched-upay_manual-***9871');
  });

  it('never writes secrets, signatures or raw bodies', () => {
    const { logger, lines } = capture();
    logger.info({ signature: 'sig-abc', rawBody: '{"a":1}', keys: { privateKey: 'pk-1', withdrawalKey: 'wk-1' }, parameters: ['p-1'] }, 'careless');
    for (const leaked of ['sig-abc', '{\\"a\\":1}', 'pk-1', 'wk-1', 'p-1']) expect(lines[0]).not.toContain(leaked);
  });
});
