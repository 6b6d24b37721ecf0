import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { MAX_STATEMENT_BYTES, MAX_STATEMENT_LINES } from '@kassa/read-models';
import { TEST_KEYS } from '../support/e2e-app';
import { ServiceChild } from '../support/service-child';
import { createTestDatabase } from '../support/test-database';

/** npm start's heap cap (package.json): the documented limits must import inside it. */
const SERVICE_HEAP_MB = 192;

/**
 * A statement of the documented maximum, MAX_STATEMENT_LINES lines and just under MAX_STATEMENT_BYTES
 * (an ignored `note` column pads the lines), none of them in the ledger and some malformed: the
 * worst case for the answer's lists. Deposits and withdrawals alternate; the times span two days.
 */
function maximumStatement(): Buffer {
  const header = 'direction,wallet_type,transaction_id,withdrawal_id,amount,currency,status,datetime,note\n';
  const base = (n: number): string => {
    const day = n % 2 === 0 ? '2024-05-02' : '2024-05-03';
    const time = `${day} ${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`;
    if (n % 97 === 0) return `ingoing,paytm,,,,INR,success,${time},`; // malformed: no transaction_id, no amount
    return n % 2 === 0
      ? `ingoing,paytm,${String(470000000000 + n)},,${(n % 900) + 100}.50,INR,success,${time},`
      : `outgoing,easypaisa,,wd-${String(n).padStart(8, '0')},${(n % 900) + 100},PKR,1,${time},`;
  };
  const plainBytes = header.length + Array.from({ length: MAX_STATEMENT_LINES }, (_, i) => base(i + 1).length + 1).reduce((a, b) => a + b, 0);
  const padPerLine = Math.floor((MAX_STATEMENT_BYTES - 1024 - plainBytes) / MAX_STATEMENT_LINES);
  const pad = 'x'.repeat(Math.max(0, padPerLine));
  const parts: string[] = [header];
  for (let n = 1; n <= MAX_STATEMENT_LINES; n += 1) parts.push(`${base(n)}${pad}\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

describe(`Statement import › the documented maximum within the service's ${SERVICE_HEAP_MB} MB heap`, () => {
  let service: ServiceChild;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    // Transpile the sources once outside the capped process, so the compiler's own heap is not counted.
    const register = join(__dirname, '..', 'support', 'ts-register.js');
    execFileSync(process.execPath, ['-r', register, '-e', `require(${JSON.stringify(resolve(__dirname, '../../apps/ledger-api/src/server.ts'))})`], { stdio: 'ignore' });
    const db = await createTestDatabase('statement_limits');
    drop = db.drop;
    service = await ServiceChild.launch({ DATABASE_URL: db.url }, { maxOldSpaceMb: SERVICE_HEAP_MB });
    await service.healthy();
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await drop?.();
  });

  it(`imports ${MAX_STATEMENT_LINES} lines of almost ${MAX_STATEMENT_BYTES / 1024 / 1024} MB and answers every total`, async () => {
    const csv = maximumStatement();
    expect(csv.length).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    expect(csv.length).toBeGreaterThan(MAX_STATEMENT_BYTES - 2 * 1024 * 1024);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'maximum.csv');
    const response = await fetch(`${service.baseUrl}/v1/reconciliation/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEYS.finance}`, 'idempotency-key': 'statement-maximum' },
      body: form,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${service.log}`);
    });
    const body: any = await response.json();
    expect({ status: response.status, log: response.status === 201 ? '' : service.log }).toEqual({ status: 201, log: '' });
    const malformed = Math.floor(MAX_STATEMENT_LINES / 97);
    expect(body.totals).toEqual({
      dataLines: MAX_STATEMENT_LINES,
      matched: 0,
      missingInLedger: MAX_STATEMENT_LINES - malformed,
      missingAtProvider: 0,
      amountMismatches: 0,
      statusMismatches: 0,
      malformed,
    });
    expect(body.missingInLedger.length).toBeLessThanOrEqual(body.listLimit);
    expect(body.truncated).toBe(true);
    expect(service.running).toBe(true);
  }, 180_000); // an upper bound: 32 MB through the service on a loaded machine took over 60 s
});
