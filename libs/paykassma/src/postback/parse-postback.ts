import { MoneyFormatError, parseProviderAmount, type Money } from '@kassa/kernel';
import { expandExponent, numberToDecimalText } from './decimal-text';
import { FieldReader, isPlainRecord } from './field-reader';
import { PostbackFormatError } from './postback-format-error';
import type { ParsedPostback, PostbackDirection, PostbackRecord, WithdrawalOutcome } from './postback-types';
import { assertTimeZone, DEFAULT_PROVIDER_TIME_ZONE, parseProviderTimestamp, ProviderTimeError } from './provider-time';
import { rawConvertedAmounts, rawNumberText, readRawTopLevel } from './raw-numbers';

export interface ParsePostbackOptions {
  /** PAYKASSMA_TIMEZONE; defaults to Asia/Manila. */
  readonly timeZone?: string;
}

type Errors = { field: string; message: string }[];

function readTime(reader: FieldReader, key: string, text: string | null, timeZone: string): Date | null {
  try {
    return parseProviderTimestamp(text, timeZone);
  } catch (error) {
    if (!(error instanceof ProviderTimeError)) throw error;
    reader.fail(key, 'must be a YYYY-MM-DD HH:mm:ss time');
    return null;
  }
}

function readMoney(reader: FieldReader, key: string, text: string, currency: string): Money | null {
  if (text === '' || currency === '') return null; // already reported as missing/wrong type
  try {
    return parseProviderAmount(text, currency);
  } catch (error) {
    if (error instanceof MoneyFormatError) reader.fail(key, `"${text}" is not a decimal amount`);
    else reader.fail(key, `cannot be read in currency "${currency}" (${(error as Error).message})`);
    return null;
  }
}

function withdrawalOutcome(status: unknown): WithdrawalOutcome {
  if (status === 1) return 'succeeded';
  if (status === 5) return 'failed';
  return 'unknown';
}

function parseRecord(element: unknown, index: number, direction: PostbackDirection | null, timeZone: string, errors: Errors): PostbackRecord | null {
  const path = `additional_data[${index}]`;
  if (!isPlainRecord(element)) {
    errors.push({ field: path, message: 'must be an object' });
    return null;
  }
  const r = new FieldReader(element, path, errors);
  const before = errors.length;
  const currencyCode = r.nonEmptyString('currency_code');
  const amountText = r.string('amount');
  const amount = readMoney(r, 'amount', amountText, currencyCode);
  const activatedDatetime = r.nullableString('activated_datetime');
  const activatedAt = readTime(r, 'activated_datetime', activatedDatetime, timeZone);
  const transactionId = r.nullableString('transaction_id');
  const withdrawalId = r.nullableString('withdrawal_id');
  const rawStatus = element['withdrawal_status'];
  const withdrawalStatus = typeof rawStatus === 'number' || typeof rawStatus === 'string' ? rawStatus : null;
  if (rawStatus !== undefined && rawStatus !== null && withdrawalStatus === null) r.fail('withdrawal_status', 'must be a number, a string or null');
  // Without these keys the record cannot be matched to anything we own.
  if (direction === 'ingoing' && !transactionId) r.fail('transaction_id', 'is required on a deposit postback');
  if (direction === 'outgoing' && !withdrawalId) r.fail('withdrawal_id', 'is required on a withdrawal postback');
  const bank = r.object('bank_details');
  const bankReader = bank ? new FieldReader(bank, `${path}.bank_details`, errors) : null;
  const record: Omit<PostbackRecord, 'amount'> & { amount: Money | null } = {
    activatedDatetime,
    activatedAt,
    exchangerIdentifier: r.nullableString('exchanger_identifier'),
    comment: r.nullableString('comment'),
    amountText,
    amount,
    currencyCode,
    walletType: r.nonEmptyString('wallet_type'),
    stockpilingId: r.nullableInt('stockpiling_id'),
    transactionId,
    transactionType: r.nullableInt('transaction_type'),
    pluginCustomOrderId: r.nullableString('plugin_custom_order_id'),
    withdrawalId,
    withdrawalStatus,
    withdrawalOutcome: direction === 'outgoing' || withdrawalStatus !== null ? withdrawalOutcome(withdrawalStatus) : null,
    accountNumber: r.nullableString('account_number'),
    accountName: r.nullableString('account_name'),
    accountEmail: r.nullableString('account_email'),
    bankDetails: bankReader ? { bankCode: bankReader.nullableString('bank_code'), branchCode: bankReader.nullableString('branch_code') } : null,
    raw: element,
  };
  return errors.length === before && record.amount ? (record as PostbackRecord) : null;
}

function readConvertedAmounts(body: Record<string, unknown>, raw: ReturnType<typeof readRawTopLevel>, errors: Errors) {
  const parsed = body['converted_amount'];
  if (parsed === undefined || parsed === null) return { values: {}, source: 'raw-text' as const };
  if (!isPlainRecord(parsed)) {
    errors.push({ field: 'converted_amount', message: 'must be an object' });
    return { values: {}, source: 'raw-text' as const };
  }
  const rawTexts = rawConvertedAmounts(raw);
  const values: Record<string, string> = {};
  for (const [currency, value] of Object.entries(parsed)) {
    // Keys are not validated (a real example has " R"); non-numeric values are skipped, not fatal.
    if (typeof value !== 'number') continue;
    const rawText = rawTexts?.get(currency);
    values[currency] = rawText !== undefined ? expandExponent(rawText) : numberToDecimalText(value);
  }
  return { values, source: rawTexts ? ('raw-text' as const) : ('shortest-float' as const) };
}

/**
 * Turns a JSON-parsed postback body into a typed structure. Pass the raw body text too: the float
 * fields outside the signature (converted_amount, top-level amount) are then read from its
 * characters, so "4.61" stays "4.61". Does NOT verify the signature (see verifyPostbackSignature).
 * Throws PostbackFormatError listing every structural problem.
 */
export function parsePostback(body: unknown, rawBody?: string | Buffer, options: ParsePostbackOptions = {}): ParsedPostback {
  const timeZone = options.timeZone ?? DEFAULT_PROVIDER_TIME_ZONE;
  assertTimeZone(timeZone);
  if (!isPlainRecord(body)) throw new PostbackFormatError([{ field: '(body)', message: 'must be a JSON object' }]);
  const errors: Errors = [];
  const top = new FieldReader(body, '', errors);
  const raw = readRawTopLevel(rawBody);

  const directionText = top.string('direction');
  const direction = directionText === 'ingoing' || directionText === 'outgoing' ? directionText : null;
  if (directionText && !direction) top.fail('direction', `must be "ingoing" or "outgoing", got "${directionText}"`);
  const currencyCode = top.nonEmptyString('currency_code');
  const createdDatetime = top.nonEmptyString('created_datetime');
  const createdAt = createdDatetime ? readTime(top, 'created_datetime', createdDatetime, timeZone) : null;

  const topAmount = body['amount'];
  const amountText = typeof topAmount === 'number' ? expandExponent(rawNumberText(raw, 'amount') ?? numberToDecimalText(topAmount)) : typeof topAmount === 'string' ? topAmount : null;
  let amount: Money | null = null;
  try {
    amount = amountText !== null && currencyCode ? parseProviderAmount(amountText, currencyCode) : null;
  } catch {
    amount = null; // the top-level amount is unsigned and informational; never fatal
  }

  const converted = readConvertedAmounts(body, raw, errors);
  const list = body['additional_data'];
  const records: PostbackRecord[] = [];
  if (!Array.isArray(list)) top.fail('additional_data', list === undefined ? 'is missing' : 'must be an array');
  else if (list.length === 0) top.fail('additional_data', 'must not be empty');
  else list.forEach((element, index) => {
    const record = parseRecord(element, index, direction, timeZone, errors);
    if (record) records.push(record);
  });

  const signature = top.nonEmptyString('signature');
  const accessKey = top.nonEmptyString('access_key');
  const walletType = top.nonEmptyString('wallet_type');
  const label = top.nullableString('label');
  if (errors.length > 0 || !direction || !createdAt) throw new PostbackFormatError(errors);
  return {
    signature,
    accessKey,
    direction,
    walletType,
    currencyCode,
    label,
    amountText,
    amount,
    convertedAmount: converted.values,
    convertedAmountSource: converted.source,
    createdDatetime,
    createdAt,
    records,
  };
}
