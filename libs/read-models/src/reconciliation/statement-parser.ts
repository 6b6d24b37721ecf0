import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { minorDigits, MoneyFormatError, parseProviderAmount } from '@kassa/ledger';
import {
  MAX_STATEMENT_LINES,
  STATEMENT_COLUMNS,
  StatementFormatError,
  type MalformedLine,
  type ParsedStatement,
  type StatementColumn,
  type StatementLine,
} from './statement-line';

export interface StatementParseOptions {
  /** PAYKASSMA_TIMEZONE: the zone of the provider's `datetime`. */
  readonly providerTimeZone: string;
  /** Wallet types the catalogue knows; another one makes the line malformed. */
  readonly walletTypes: readonly string[];
}

class LineError extends Error {}

const PROVIDER_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Reads a statement CSV: a header naming the columns (any order, extra columns ignored), then one
 * line per provider transaction. A bad line is reported by its line number and the rest still
 * processed; only an unreadable file (no header, unclosed quote) throws StatementFormatError.
 */
export function parseStatement(csv: string | Buffer, options: StatementParseOptions): ParsedStatement {
  const records = readRecords(csv);
  if (records.length === 0) throw new StatementFormatError('the file is empty: expected a header line');
  const header = columnIndex(records[0].record);
  const dataRecords = records.slice(1);
  if (dataRecords.length > MAX_STATEMENT_LINES) throw new StatementFormatError(`at most ${MAX_STATEMENT_LINES} lines per statement; split the file`);
  const lines: StatementLine[] = [];
  const malformed: MalformedLine[] = [];
  const seen = new Map<string, number>();
  for (const { info, record } of dataRecords) {
    try {
      const line = toLine(info.lines, (column) => (record[header[column]] ?? '').trim(), record.length, options);
      const key = `${line.direction}|${line.walletType}|${line.reference}`;
      const first = seen.get(key);
      if (first !== undefined) throw new LineError(`repeats the transaction of line ${first}`);
      seen.set(key, line.line);
      lines.push(line);
    } catch (error) {
      if (!(error instanceof LineError) && !(error instanceof MoneyFormatError)) throw error;
      malformed.push({ line: info.lines, message: error.message });
    }
  }
  return { lines, malformed, dataLines: dataRecords.length };
}

function readRecords(csv: string | Buffer): { info: { lines: number }; record: string[] }[] {
  try {
    return parse(csv, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as {
      info: { lines: number };
      record: string[];
    }[];
  } catch (error) {
    throw new StatementFormatError(`not a readable CSV: ${(error as Error).message}`);
  }
}

function columnIndex(header: string[]): Record<StatementColumn, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = STATEMENT_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new StatementFormatError(`the header lacks ${missing.join(', ')} (expected ${STATEMENT_COLUMNS.join(',')})`);
  return Object.fromEntries(STATEMENT_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<StatementColumn, number>;
}

function toLine(line: number, get: (column: StatementColumn) => string, width: number, options: StatementParseOptions): StatementLine {
  if (width < STATEMENT_COLUMNS.length) throw new LineError(`has ${width} fields, the header names ${STATEMENT_COLUMNS.length} or more`);
  const direction = get('direction');
  if (direction !== 'ingoing' && direction !== 'outgoing') throw new LineError(`direction must be ingoing or outgoing, got "${direction}"`);
  const walletType = get('wallet_type');
  if (!options.walletTypes.includes(walletType)) throw new LineError(`wallet_type "${walletType}" is not in the catalogue`);
  const reference = direction === 'ingoing' ? get('transaction_id') : get('withdrawal_id');
  if (reference === '') throw new LineError(direction === 'ingoing' ? 'transaction_id is required for a deposit' : 'withdrawal_id is required for a withdrawal');
  const currency = get('currency');
  if (!/^[A-Z]{3}$/.test(currency) || !knownCurrency(currency)) throw new LineError(`currency "${currency}" is not one we handle`);
  const { amountMinor } = parseProviderAmount(get('amount'), currency);
  if (amountMinor <= 0n) throw new LineError('amount must be greater than zero');
  return {
    line,
    direction,
    walletType,
    reference,
    amountMinor,
    currency,
    status: statusOf(direction, get('status')),
    providerDatetime: get('datetime'),
    atUtc: providerInstant(get('datetime'), options.providerTimeZone),
  };
}

function knownCurrency(currency: string): boolean {
  try {
    minorDigits(currency);
    return true;
  } catch {
    return false;
  }
}

function statusOf(direction: 'ingoing' | 'outgoing', status: string): 'success' | 'fail' {
  if (direction === 'ingoing') {
    if (status === 'success') return 'success';
    throw new LineError(`a deposit's status must be success, got "${status}"`);
  }
  if (status === '1' || status === 'success') return 'success';
  if (status === '5' || status === 'fail') return 'fail';
  throw new LineError(`a withdrawal's status must be 1, 5, success or fail, got "${status}"`);
}

/** `YYYY-MM-DD HH:mm:ss` without a zone marker, read in the provider's zone (docs/paykassma.md §3.4). */
function providerInstant(text: string, timeZone: string): string {
  if (!PROVIDER_DATETIME.test(text)) throw new LineError(`datetime must be YYYY-MM-DD HH:mm:ss, got "${text}"`);
  const parsed = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: timeZone });
  if (!parsed.isValid) throw new LineError(`datetime "${text}" is not a valid time`);
  return parsed.toUTC().toISO() ?? text;
}
