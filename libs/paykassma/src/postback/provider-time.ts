import { DateTime, IANAZone } from 'luxon';

/** Paykassma prints times as `YYYY-MM-DD HH:mm:ss` with no offset, in the account's zone (docs/paykassma.md §3.4). */
export const PROVIDER_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const DEFAULT_PROVIDER_TIME_ZONE = 'Asia/Manila';

export class ProviderTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderTimeError';
  }
}

/** Zones already checked: validating builds an Intl formatter, too costly for every postback. */
const validZones = new Set<string>();

export function assertTimeZone(timeZone: string): void {
  if (validZones.has(timeZone)) return;
  if (!IANAZone.isValidZone(timeZone)) throw new ProviderTimeError(`"${timeZone}" is not an IANA time zone`);
  validZones.add(timeZone);
}

const PROVIDER_TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):([0-5]\d)$/;
/** A bound on remembered minutes; past it the memory starts again. */
const MAX_REMEMBERED_MINUTES = 10_000;
/** The instant each local minute starts, by zone and minute ("Asia/Kolkata|2024-05-01 10:00"). */
const minuteStarts = new Map<string, number>();

/**
 * "" and null mean "no time" (withdrawal postbacks send activated_datetime ""). Zone offsets change
 * only on whole minutes, so the instant is the start of its local minute (resolved by luxon once per
 * zone and minute, gaps and overlaps included) plus the seconds: luxon's answer at a fraction of
 * its cost, which every postback pays twice.
 */
export function parseProviderTimestamp(text: string | null, timeZone: string): Date | null {
  if (text === null || text === '') return null;
  assertTimeZone(timeZone);
  const match = PROVIDER_TIME.exec(text);
  if (!match) throw new ProviderTimeError(`"${text}" is not a YYYY-MM-DD HH:mm:ss time`);
  const key = `${timeZone}|${match[1]}`;
  let minuteStart = minuteStarts.get(key);
  if (minuteStart === undefined) {
    const parsed = DateTime.fromFormat(`${match[1]}:00`, PROVIDER_TIME_FORMAT, { zone: timeZone });
    if (!parsed.isValid) throw new ProviderTimeError(`"${text}" is not a YYYY-MM-DD HH:mm:ss time`);
    minuteStart = parsed.toMillis();
    if (minuteStarts.size >= MAX_REMEMBERED_MINUTES) minuteStarts.clear();
    minuteStarts.set(key, minuteStart);
  }
  return new Date(minuteStart + Number(match[2]) * 1000);
}

/** The provider's rendering of an instant, used by the sandbox. */
export function formatProviderTimestamp(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone);
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat(PROVIDER_TIME_FORMAT);
}
