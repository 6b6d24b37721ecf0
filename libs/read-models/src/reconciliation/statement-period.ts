import { DateTime } from 'luxon';
import { isoUtc } from '../reports/report-period';
import type { StatementLine } from './statement-line';

export interface StatementPeriod {
  readonly from: string;
  readonly to: string;
  readonly providerTimeZone: string;
}

/**
 * The whole provider-local days the lines fall on: a statement is exported per day (or days), so a
 * ledger item of such a day that no line names is missing at the provider. Null without lines.
 */
export function statementPeriod(lines: readonly StatementLine[], providerTimeZone: string): StatementPeriod | null {
  if (lines.length === 0) return null;
  const instants = lines.map((line) => DateTime.fromISO(line.atUtc, { zone: providerTimeZone }));
  const first = DateTime.min(...instants);
  const last = DateTime.max(...instants);
  if (!first || !last) return null;
  return { from: isoUtc(first.startOf('day')), to: isoUtc(last.startOf('day').plus({ days: 1 })), providerTimeZone };
}
