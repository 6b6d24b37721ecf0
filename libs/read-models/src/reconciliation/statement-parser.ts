import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseAll } from 'csv-parse/sync';
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

/** Reads one data record at a time, against the header, remembering each transaction to find repeats. */
class StatementLineReader {
  private readonly header: Record<StatementColumn, number>;
  /** `direction|wallet_type|reference` → the line that first named it. */
  private readonly seen = new Map<string, number>();

  constructor(
    headerRecord: string[],
    private readonly options: StatementParseOptions,
  ) {
    this.header = columnIndex(headerRecord);
  }

  read(record: string[], lineNumber: number): { line: StatementLine } | { malformed: MalformedLine } {
    try {
      const line = toLine(lineNumber, (column) => (record[this.header[column]] ?? '').trim(), record.length, this.options);
      const key = `${line.direction}|${line.walletType}|${line.reference}`;
      const first = this.seen.get(key);
      if (first !== undefined) throw new LineError(`repeats the transaction of line ${first}`);
      this.seen.set(key, line.line);
      return { line };
    } catch (error) {
      if (!(error instanceof LineError) && !(error instanceof MoneyFormatError)) throw error;
      return { malformed: { line: lineNumber, message: error.message } };
    }
  }
}

/**
 * Reads a statement CSV: a header naming the columns (any order, extra columns ignored), then one
 * line per provider transaction. A bad line is reported by its line number and the rest still
 * processed; only an unreadable file (no header, unclosed quote) throws StatementFormatError.
 * The whole file at once: for small files and tests; imports read in batches (readStatementInBatches).
 */
export function parseStatement(csv: string | Buffer, options: StatementParseOptions): ParsedStatement {
  const records = readRecords(csv);
  if (records.length === 0) throw new StatementFormatError('the file is empty: expected a header line');
  const reader = new StatementLineReader(records[0].record, options);
  const dataRecords = records.slice(1);
  if (dataRecords.length > MAX_STATEMENT_LINES) throw new StatementFormatError(`at most ${MAX_STATEMENT_LINES} lines per statement; split the file`);
  const lines: StatementLine[] = [];
  const malformed: MalformedLine[] = [];
  for (const { info, record } of dataRecords) {
    const read = reader.read(record, info.lines);
    if ('line' in read) lines.push(read.line);
    else malformed.push(read.malformed);
  }
  return { lines, malformed, dataLines: dataRecords.length };
}

/**
 * The same reading as parseStatement, streamed: at most `batchSize` data lines are held at a time,
 * so a statement of MAX_STATEMENT_LINES never has all its lines in memory at once. Each batch counts
 * the data lines it read (well-formed or not).
 */
export async function* readStatementInBatches(csv: Buffer, options: StatementParseOptions, batchSize: number): AsyncGenerator<ParsedStatement> {
  const parser = parse({ info: true, bom: true, relax_column_count: true, skip_empty_lines: true, trim: false });
  Readable.from(chunksOf(csv)).pipe(parser);
  let reader: StatementLineReader | null = null;
  let batch: { lines: StatementLine[]; malformed: MalformedLine[]; dataLines: number } = { lines: [], malformed: [], dataLines: 0 };
  let dataLines = 0;
  try {
    for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      if (reader === null) {
        reader = new StatementLineReader(record, options);
        continue;
      }
      dataLines += 1;
      if (dataLines > MAX_STATEMENT_LINES) throw new StatementFormatError(`at most ${MAX_STATEMENT_LINES} lines per statement; split the file`);
      const read = reader.read(record, info.lines);
      if ('line' in read) batch.lines.push(read.line);
      else batch.malformed.push(read.malformed);
      batch.dataLines += 1;
      if (batch.dataLines >= batchSize) {
        yield batch;
        batch = { lines: [], malformed: [], dataLines: 0 };
      }
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof StatementFormatError) throw error;
    if ((error as { code?: string }).code?.startsWith('CSV_')) throw new StatementFormatError(`not a readable CSV: ${(error as Error).message}`);
    throw error;
  }
  if (reader === null) throw new StatementFormatError('the file is empty: expected a header line');
  if (batch.dataLines > 0) yield batch;
}

/** The file in slices of 64 kB, so the parser never copies it whole. */
function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024) yield bytes.subarray(offset, offset + 64 * 1024);
}

function readRecords(csv: string | Buffer): { info: { lines: number }; record: string[] }[] {
  try {
    return parseAll(csv, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as {
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
