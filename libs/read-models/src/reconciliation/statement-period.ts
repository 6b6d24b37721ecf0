import { DateTime } from 'luxon';
import { isoUtc } from '../reports/report-period';

export interface StatementPeriod {
  readonly from: string;
  readonly to: string;
  readonly providerTimeZone: string;
}

/**
 * The whole provider-local days from the earliest to the latest line (UTC ISO instants): a statement
 * is exported per day (or days), so a ledger item of such a day that no line names is missing at the
 * provider. Null without lines.
 */
export function statementPeriod(earliestUtc: string | null, latestUtc: string | null, providerTimeZone: string): StatementPeriod | null {
  if (earliestUtc === null || latestUtc === null) return null;
  const first = DateTime.fromISO(earliestUtc, { zone: providerTimeZone });
  const last = DateTime.fromISO(latestUtc, { zone: providerTimeZone });
  if (!first.isValid || !last.isValid) return null;
  return { from: isoUtc(first.startOf('day')), to: isoUtc(last.startOf('day').plus({ days: 1 })), providerTimeZone };
}
