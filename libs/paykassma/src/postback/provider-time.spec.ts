import { DateTime } from 'luxon';
import { parseProviderTimestamp, ProviderTimeError } from './provider-time';

/** luxon's own reading, the reference the remembered minutes must agree with. */
const byLuxon = (text: string, zone: string) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone }).toJSDate();

describe('parseProviderTimestamp', () => {
  it("reads the provider's local time in the account's zone", () => {
    expect(parseProviderTimestamp('2024-05-01 10:00:05', 'Asia/Manila')?.toISOString()).toBe('2024-05-01T02:00:05.000Z');
    expect(parseProviderTimestamp('2024-05-01 10:00:59', 'Asia/Kathmandu')?.toISOString()).toBe('2024-05-01T04:15:59.000Z');
    expect(parseProviderTimestamp('', 'Asia/Manila')).toBeNull();
    expect(parseProviderTimestamp(null, 'Asia/Manila')).toBeNull();
  });

  it('agrees with luxon second by second across DST gaps and overlaps', () => {
    const cases: [string, string][] = [
      ['America/New_York', '2024-03-10 01:58'], ['America/New_York', '2024-03-10 02:30'], ['America/New_York', '2024-03-10 03:00'],
      ['America/New_York', '2024-11-03 00:59'], ['America/New_York', '2024-11-03 01:30'], ['America/New_York', '2024-11-03 02:00'],
      ['Australia/Lord_Howe', '2024-04-07 01:45'], ['Australia/Lord_Howe', '2024-10-06 02:15'], ['Asia/Kolkata', '2024-12-31 23:59'],
    ];
    for (const [zone, minute] of cases) {
      for (const second of ['00', '01', '30', '59']) {
        const text = `${minute}:${second}`;
        expect([zone, text, parseProviderTimestamp(text, zone)?.toISOString()]).toEqual([zone, text, byLuxon(text, zone).toISOString()]);
      }
    }
  });

  it('refuses what is not a YYYY-MM-DD HH:mm:ss time, remembered minute or not', () => {
    parseProviderTimestamp('2024-05-01 10:00:00', 'Asia/Manila');
    for (const text of ['2024-05-01 10:00:60', '2024-05-01 10:00', '2024-02-30 10:00:00', '2024-05-01T10:00:00', ' 2024-05-01 10:00:00', '2024-05-01 10:60:00']) {
      expect(() => parseProviderTimestamp(text, 'Asia/Manila')).toThrow(ProviderTimeError);
    }
  });
});
