import { DateTime } from 'luxon';
import { isCalendarDateTime, MAX_YEAR, MIN_YEAR } from '../shared/calendar';

/** A report period as UTC instants: [fromUtc, toUtc). */
export interface ReportPeriod {
  readonly fromUtc: string;
  readonly toUtc: string;
  /** The zone from/to were read in (IANA name, or UTC). */
  readonly timeZone: string;
}

/** A period the caller got wrong: the API answers 400 naming `field`. */
export class InvalidPeriodError extends Error {
  constructor(
    readonly field: 'from' | 'to' | 'tz',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPeriodError';
  }
}

/** A local calendar date, or a local date-time to the minute or second: never a zone marker (the zone is `tz`). */
const LOCAL_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/;

/** The longest period one report reads: a bound on the rows a single query may scan. */
export const MAX_PERIOD_DAYS = 3_700;

/** Intl knows every IANA zone the runtime ships; an unknown name throws RangeError. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    throw new InvalidPeriodError('tz', `"${timeZone}" is not an IANA time zone such as UTC or Asia/Manila`);
  }
}

/**
 * [from, to) read as wall-clock times in `timeZone`, converted to UTC instants. A bare date means
 * that day's midnight in the zone, so from=2024-05-01&to=2024-05-02 is that local day. A local time
 * inside a DST gap moves forward (luxon's rule); Asia/Manila and UTC have no DST.
 */
export function parseReportPeriod(from: string | undefined, to: string | undefined, timeZone = 'UTC'): ReportPeriod {
  assertTimeZone(timeZone);
  const start = localInstant(from, 'from', timeZone);
  const end = localInstant(to, 'to', timeZone);
  if (end <= start) throw new InvalidPeriodError('to', 'must be after from');
  if (end.diff(start, 'days').days > MAX_PERIOD_DAYS) throw new InvalidPeriodError('to', `the period may span at most ${MAX_PERIOD_DAYS} days`);
  return { fromUtc: isoUtc(start), toUtc: isoUtc(end), timeZone };
}

/** One end of a period: a local date or date-time in `timeZone`, as a UTC instant. */
export function parseLocalInstant(text: string | undefined, field: 'from' | 'to', timeZone: string): string {
  assertTimeZone(timeZone);
  return isoUtc(localInstant(text, field, timeZone));
}

function localInstant(text: string | undefined, field: 'from' | 'to', timeZone: string): DateTime {
  if (text === undefined || text === '') throw new InvalidPeriodError(field, 'is required: a date (2024-05-01) or a local date-time (2024-05-01T08:00)');
  if (!LOCAL_DATE_OR_TIME.test(text)) {
    throw new InvalidPeriodError(field, 'must be a local date (2024-05-01) or date-time (2024-05-01T08:00:00) without a zone; give the zone in tz');
  }
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  if (!parsed.isValid) throw new InvalidPeriodError(field, `is not a valid date or time: ${parsed.invalidExplanation ?? text}`);
  if (!isCalendarDateTime(parsed.year, parsed.month, parsed.day) || !isCalendarDateTime(parsed.toUTC().year, 1, 1)) {
    throw new InvalidPeriodError(field, `must be a date from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  return parsed;
}

export function isoUtc(instant: DateTime): string {
  const text = instant.toUTC().toISO({ suppressMilliseconds: false, includeOffset: false });
  if (text === null) throw new Error('invalid instant');
  return `${text}Z`;
}
