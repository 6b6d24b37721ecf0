import { parseProviderAmount, type Money } from '@kassa/kernel';
import { isLosslessObject, JsonNumber, type LosslessObject, type LosslessValue } from '../json/lossless-json';
import { ProviderRejected, ProviderUnavailable, type ProviderOperation } from './provider-errors';
import type { ProviderAnswer } from './provider-http';

/** Wallet details to show the player: the provider's `params`, labels as keys (docs/paykassma.md §1.1). */
export type WalletDetails = Record<string, string | boolean | null>;

export interface CreateDepositAnswer {
  readonly status: 'ok';
  readonly params: WalletDetails;
}

/** Every documented "accepted, wait for the postback" answer of the two activation endpoints. */
export type ActivationAnswer =
  | {
      readonly status: 'ok';
      readonly deposit: boolean | null;
      /** deposit_amount as sent ("6000"), and as Money in the answer's currency (may differ from what we sent). */
      readonly depositAmountText: string | null;
      readonly depositAmount: Money | null;
    }
  | { readonly status: 'pending'; readonly message: string }
  | { readonly status: 'possible_transaction_created'; readonly message: string }
  | { readonly status: 'success'; readonly code: number };

export interface CreateWithdrawalAnswer {
  readonly status: 'ok';
}

function text(value: LosslessValue | undefined): string {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.text;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function fieldMessages(message: LosslessObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(message)) out[field] = Array.isArray(value) ? value.map((m) => text(m)) : [text(value)];
  return out;
}

/**
 * Common handling. A 5xx is an unknown outcome whatever its body says: a server that failed may
 * have done the work before failing (or a proxy wrote the body), so `{"status":"fail"}` on a 500
 * is never taken as a refusal. Only a documented `fail` answer on a 2xx or 4xx status is a
 * rejection. Otherwise a non-2xx status or a body that is not a JSON object means "unavailable".
 * Returns the object for 2xx answers.
 */
function acceptedBody(operation: ProviderOperation, answer: ProviderAnswer): LosslessObject {
  const { json, httpStatus } = answer;
  if (httpStatus >= 500) throw new ProviderUnavailable(operation, 'http-status', 'unknown', `HTTP ${httpStatus}`, httpStatus);
  const mayRefuse = (httpStatus >= 200 && httpStatus < 300) || (httpStatus >= 400 && httpStatus < 500);
  if (mayRefuse && json && json['status'] === 'fail') {
    const message = json['message'];
    if (isLosslessObject(message)) {
      const fields = fieldMessages(message);
      const joined = Object.entries(fields).map(([f, ms]) => `${f}: ${ms.join(', ')}`).join('; ');
      throw new ProviderRejected(operation, joined, fields, httpStatus);
    }
    throw new ProviderRejected(operation, text(message), null, httpStatus);
  }
  if (httpStatus === 429) throw new ProviderUnavailable(operation, 'http-status', 'not-processed', 'HTTP 429 (rate limited)', httpStatus);
  if (httpStatus < 200 || httpStatus >= 300) {
    // 404 is what a missing or wrong ?secret= gets (docs/paykassma.md §0): a configuration problem.
    throw new ProviderUnavailable(operation, 'http-status', 'not-processed', `HTTP ${httpStatus}`, httpStatus);
  }
  if (!json) throw new ProviderUnavailable(operation, 'unparseable', 'unknown', `HTTP ${httpStatus} with a body that is not a JSON object`, httpStatus);
  return json;
}

function unexpected(operation: ProviderOperation, answer: ProviderAnswer, json: LosslessObject): never {
  throw new ProviderUnavailable(operation, 'unexpected-answer', 'unknown', `undocumented status "${text(json['status'])}"`, answer.httpStatus);
}

export function readCreateDepositAnswer(answer: ProviderAnswer): CreateDepositAnswer {
  const json = acceptedBody('create-deposit', answer);
  if (json['status'] !== 'ok' || !isLosslessObject(json['params'])) return unexpected('create-deposit', answer, json);
  const params: WalletDetails = {};
  for (const [key, value] of Object.entries(json['params'])) {
    params[key] = typeof value === 'boolean' || value === null ? value : text(value);
  }
  return { status: 'ok', params };
}

export function readActivationAnswer(operation: 'activate' | 'possible-transaction', answer: ProviderAnswer, currency: string): ActivationAnswer {
  const json = acceptedBody(operation, answer);
  const status = json['status'];
  if (status === 'ok') {
    const raw = json['deposit_amount'];
    const amountText = raw instanceof JsonNumber || typeof raw === 'string' ? text(raw) : null;
    const currencyObject = json['currency'];
    const answerCurrency = isLosslessObject(currencyObject) && typeof currencyObject['code'] === 'string' ? currencyObject['code'] : currency;
    let depositAmount: Money | null = null;
    try {
      depositAmount = amountText === null ? null : parseProviderAmount(amountText, answerCurrency);
    } catch {
      depositAmount = null; // informational only: the postback's amount is what gets credited
    }
    const deposit = json['deposit'];
    return { status: 'ok', deposit: typeof deposit === 'boolean' ? deposit : null, depositAmountText: amountText, depositAmount };
  }
  if (status === 'pending' || status === 'possible_transaction_created') return { status, message: text(json['message']) };
  if (status === 'success') {
    const code = json['code'];
    const codeNumber = code instanceof JsonNumber ? Number(code.text) : typeof code === 'string' ? Number(code) : NaN;
    if (codeNumber !== 20000) {
      throw new ProviderUnavailable(operation, 'unexpected-answer', 'unknown', `success with undocumented code ${text(code)}`, answer.httpStatus);
    }
    return { status: 'success', code: codeNumber };
  }
  return unexpected(operation, answer, json);
}

export function readCreateWithdrawalAnswer(answer: ProviderAnswer): CreateWithdrawalAnswer {
  const json = acceptedBody('create-withdrawal', answer);
  if (json['status'] !== 'ok') return unexpected('create-withdrawal', answer, json);
  return { status: 'ok' };
}
