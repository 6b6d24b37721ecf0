/**
 * The years an instant given to the API may name. Below 1970 nothing of ours exists; PostgreSQL
 * refuses year 0 and JavaScript writes years past 9999 with a sign ("+010000-…") that nothing reads.
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * True for a real date and time of day within [MIN_YEAR, MAX_YEAR]: no month 13, no 30 February, no
 * hour 24. `new Date()` and `Date.parse` roll such values over silently, so they are checked here.
 */
export function isCalendarDateTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= days && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** `YYYY-MM-DDTHH:mm[:ss[.fraction]]` followed by `Z` or `±HH:mm`, as a real calendar instant in range. */
const OFFSET_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 instant with an explicit offset, or null when it is not one (or not a real time). */
export function parseOffsetInstant(text: string): Date | null {
  const match = OFFSET_INSTANT.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (!isCalendarDateTime(year, month, day, hour, minute, second)) return null;
  if (match[7] !== undefined && (Number(match[7]) > 23 || Number(match[8]) > 59)) return null;
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) return null;
  const utcYear = instant.getUTCFullYear();
  return utcYear >= MIN_YEAR - 1 && utcYear <= MAX_YEAR ? instant : null;
}
