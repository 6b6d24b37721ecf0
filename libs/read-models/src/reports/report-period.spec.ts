import { InvalidPeriodError, parseReportPeriod } from './report-period';

describe('Report period', () => {
  it('reads a local day in Asia/Manila as 16:00 UTC the day before to 16:00 UTC', () => {
    expect(parseReportPeriod('2024-05-02', '2024-05-03', 'Asia/Manila')).toEqual({
      fromUtc: '2024-05-01T16:00:00.000Z',
      toUtc: '2024-05-02T16:00:00.000Z',
      timeZone: 'Asia/Manila',
    });
  });

  it('reads the same dates in UTC as UTC midnights, and takes local date-times', () => {
    expect(parseReportPeriod('2024-05-02', '2024-05-03')).toMatchObject({ fromUtc: '2024-05-02T00:00:00.000Z', toUtc: '2024-05-03T00:00:00.000Z' });
    expect(parseReportPeriod('2024-05-02T08:30', '2024-05-02T09:00:15', 'Asia/Manila')).toMatchObject({
      fromUtc: '2024-05-02T00:30:00.000Z',
      toUtc: '2024-05-02T01:00:15.000Z',
    });
  });

  it('follows DST in zones that have it', () => {
    // New York: EDT (-04:00) in July, EST (-05:00) in January.
    expect(parseReportPeriod('2024-07-01', '2025-01-01', 'America/New_York')).toMatchObject({
      fromUtc: '2024-07-01T04:00:00.000Z',
      toUtc: '2025-01-01T05:00:00.000Z',
    });
  });

  it.each([
    ['2024-05-02', '2024-05-03', 'Mars/Olympus', 'tz'],
    ['2024-05-02', '2024-05-02', 'UTC', 'to'],
    ['2024-05-03', '2024-05-02', 'UTC', 'to'],
    ['2024-05-02T00:00:00Z', '2024-05-03', 'UTC', 'from'],
    ['2024-05-02', '2024-05-03+08:00', 'UTC', 'to'],
    ['2024-02-30', '2024-03-03', 'UTC', 'from'],
    [undefined, '2024-03-03', 'UTC', 'from'],
    ['2000-01-01', '2024-03-03', 'UTC', 'to'],
  ])('refuses from=%s to=%s tz=%s naming %s', (from, to, tz, field) => {
    expect(() => parseReportPeriod(from, to, tz)).toThrow(InvalidPeriodError);
    try {
      parseReportPeriod(from, to, tz);
    } catch (error) {
      expect((error as InvalidPeriodError).field).toBe(field);
    }
  });
});
