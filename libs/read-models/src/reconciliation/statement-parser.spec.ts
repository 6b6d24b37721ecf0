import { parseStatement, readStatementInBatches } from './statement-parser';
import { StatementFormatError } from './statement-line';

const OPTIONS = { providerTimeZone: 'Asia/Manila', walletTypes: ['paytm', 'easypaisa', 'khalti_ml'] };
const HEADER = 'direction,wallet_type,transaction_id,withdrawal_id,amount,currency,status,datetime';

describe('Statement parser', () => {
  it('reads deposits and withdrawals, amounts exactly and provider times as UTC', () => {
    const csv = [
      HEADER,
      'ingoing,paytm,47381113463,,500,INR,success,2024-05-02 00:30:00',
      'outgoing,easypaisa,,wd-1,1200.50,PKR,1,2024-05-02 09:00:00',
      'outgoing,easypaisa,,wd-2,100,PKR,fail,2024-05-02 09:00:01',
    ].join('\n');
    const parsed = parseStatement(csv, OPTIONS);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.dataLines).toBe(3);
    expect(parsed.lines).toEqual([
      expect.objectContaining({ line: 2, direction: 'ingoing', reference: '47381113463', amountMinor: 50000n, status: 'success', atUtc: '2024-05-01T16:30:00.000Z' }),
      expect.objectContaining({ line: 3, direction: 'outgoing', reference: 'wd-1', amountMinor: 120050n, currency: 'PKR', status: 'success' }),
      expect.objectContaining({ line: 4, reference: 'wd-2', status: 'fail' }),
    ]);
  });

  it('reports each bad line by number and keeps the good ones', () => {
    const csv = [
      HEADER,
      'ingoing,paytm,111111111111,,500,INR,success,2024-05-02 00:30:00',
      'sideways,paytm,1,,5,INR,success,2024-05-02 00:30:00',
      'ingoing,paypal,1,,5,INR,success,2024-05-02 00:30:00',
      'ingoing,paytm,,,5,INR,success,2024-05-02 00:30:00',
      'ingoing,paytm,2,,5.001,INR,success,2024-05-02 00:30:00',
      'ingoing,paytm,3,,1e3,INR,success,2024-05-02 00:30:00',
      'ingoing,paytm,4,,0,INR,success,2024-05-02 00:30:00',
      'ingoing,paytm,5,,5,XYZ,success,2024-05-02 00:30:00',
      'ingoing,paytm,6,,5,INR,1,2024-05-02 00:30:00',
      'outgoing,paytm,,wd-9,5,INR,3,2024-05-02 00:30:00',
      'ingoing,paytm,7,,5,INR,success,2024-05-02T00:30:00Z',
      'ingoing,paytm,8,,5,INR',
      'ingoing,paytm,111111111111,,500,INR,success,2024-05-02 00:31:00',
      'outgoing,paytm,,wd-10,5,INR,5,2024-05-02 00:30:00',
    ].join('\r\n');
    const parsed = parseStatement(csv, OPTIONS);
    expect(parsed.lines.map((l) => l.line)).toEqual([2, 15]);
    expect(parsed.malformed.map((m) => m.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(parsed.malformed.find((m) => m.line === 14)?.message).toContain('line 2');
    expect(parsed.malformed.find((m) => m.line === 6)?.message).toContain('decimals');
  });

  it('takes columns in any order, ignores extra ones and a BOM, and skips blank lines', () => {
    const csv = '\ufeffamount,currency,status,datetime,direction,wallet_type,withdrawal_id,transaction_id,note\n\n500,INR,success,2024-05-02 00:30:00,ingoing,paytm,,123456789012,hello\n';
    const parsed = parseStatement(Buffer.from(csv), OPTIONS);
    expect(parsed.lines).toEqual([expect.objectContaining({ line: 3, reference: '123456789012', amountMinor: 50000n })]);
  });

  it('refuses a file it cannot read at all', () => {
    expect(() => parseStatement('', OPTIONS)).toThrow(StatementFormatError);
    expect(() => parseStatement('direction,amount\ningoing,5', OPTIONS)).toThrow(/lacks wallet_type/);
    expect(() => parseStatement(`${HEADER}\n"ingoing,paytm`, OPTIONS)).toThrow(/not a readable CSV/);
  });

  describe('in batches', () => {
    async function batches(csv: string, size: number) {
      const read = [];
      for await (const batch of readStatementInBatches(Buffer.from(csv), OPTIONS, size)) read.push(batch);
      return read;
    }

    it('reads what the whole-file parser reads, a bounded batch at a time, repeats found across batches', async () => {
      const lines = Array.from({ length: 25 }, (_, i) => `ingoing,paytm,${470000000000 + (i % 20)},,${i + 1}00,INR,success,2024-05-02 00:30:00`);
      const csv = [HEADER, ...lines, 'bad,line'].join('\n');
      const read = await batches(csv, 7);
      expect(read.map((batch) => batch.dataLines)).toEqual([7, 7, 7, 5]);
      const whole = parseStatement(csv, OPTIONS);
      expect(read.flatMap((batch) => batch.lines)).toEqual(whole.lines);
      expect(read.flatMap((batch) => batch.malformed)).toEqual(whole.malformed);
      expect(whole.malformed.filter((m) => m.message.includes('repeats'))).toHaveLength(5);
    });

    it('refuses an unreadable or empty file as parseStatement does', async () => {
      await expect(batches('', 5)).rejects.toThrow(StatementFormatError);
      await expect(batches(`${HEADER}\n"ingoing,paytm`, 5)).rejects.toThrow(/not a readable CSV/);
      await expect(batches('direction,amount\ningoing,5', 5)).rejects.toThrow(/lacks wallet_type/);
    });
  });
});
