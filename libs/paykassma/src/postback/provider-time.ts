import { DateTime, IANAZone } from 'luxon';

/** Paykassma prints times as `YYYY-MM-DD HH:mm:ss` with no offset, in the account's zone (FACTS §3.4). */
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

/** "" and null mean "no time" (withdrawal postbacks send activated_datetime ""). */
export function parseProviderTimestamp(text: string | null, timeZone: string): Date | null {
  if (text === null || text === '') return null;
  assertTimeZone(timeZone);
  const parsed = DateTime.fromFormat(text, PROVIDER_TIME_FORMAT, { zone: timeZone });
  if (!parsed.isValid) throw new ProviderTimeError(`"${text}" is not a YYYY-MM-DD HH:mm:ss time`);
  return parsed.toJSDate();
}

/** The provider's rendering of an instant, used by the sandbox. */
export function formatProviderTimestamp(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone);
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat(PROVIDER_TIME_FORMAT);
}
