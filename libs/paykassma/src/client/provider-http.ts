import { isLosslessObject, parseLosslessJson, type LosslessObject } from '../json/lossless-json';
import { ProviderUnavailable, type ProviderOperation } from './provider-errors';
import { scrubSecret } from './scrub-secret';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ProviderRequest {
  readonly operation: ProviderOperation;
  readonly url: string;
  readonly body: string | FormData;
  readonly timeoutMs: number;
  readonly fetchImpl: FetchLike;
}

export interface ProviderAnswer {
  readonly httpStatus: number;
  /** The body parsed leniently (numbers kept as text), or null when it is not JSON-ish. */
  readonly json: LosslessObject | null;
}

/** Connection errors that prove the request never reached the provider's application. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * One POST with a hard timeout. Transport failures become ProviderUnavailable; any HTTP answer is
 * returned for the caller to interpret. The URL in messages is always scrubbed of ?secret=.
 */
export async function postToProvider(request: ProviderRequest): Promise<ProviderAnswer> {
  const where = scrubSecret(request.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  // For FormData, fetch sets multipart/form-data with its boundary itself.
  if (typeof request.body === 'string') headers['content-type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    // The same signal bounds reading the body: a provider that stalls mid-answer is a timeout too.
    response = await request.fetchImpl(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) {
      throw new ProviderUnavailable(request.operation, 'timeout', 'unknown', `no answer from ${where} within ${request.timeoutMs} ms`);
    }
    const code = errorCode(error);
    const outcome = code && NEVER_SENT_CODES.has(code) ? 'not-processed' : 'unknown';
    throw new ProviderUnavailable(request.operation, 'network', outcome, `${code ?? 'connection error'} calling ${where}`);
  }
  let json: LosslessObject | null = null;
  try {
    const parsed = parseLosslessJson(text, { lenient: true });
    json = isLosslessObject(parsed) ? parsed : null;
  } catch {
    json = null;
  }
  return { httpStatus: response.status, json };
}
