import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostOf, resolvedAddressesError, systemResolver, webhookUrlSyntaxError, type HostResolver, type WebhookUrlPolicy } from '../webhook-endpoint/webhook-url';

/** At most this much of a receiver's answer is kept (and read). */
export const RESPONSE_EXCERPT_BYTES = 1_024;

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly policy: WebhookUrlPolicy;
  readonly resolve?: HostResolver;
}

/** What one attempt came to: delivered is a 2xx in time; otherwise error says why. */
export interface WebhookAttemptResult {
  readonly delivered: boolean;
  readonly httpStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly responseExcerpt: string | null;
}

/**
 * One POST with Node's own http client. The address rule is applied inside the connection's DNS
 * lookup, so the address checked is the address connected to (a DNS answer that changes between a
 * check and the connect cannot slip a private address through). Redirects are not followed: a 3xx
 * is a failed attempt. The whole attempt, answer excerpt included, is bounded by timeoutMs.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookAttemptResult> {
  const startedMs = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedMs);
  const syntax = webhookUrlSyntaxError(request.url, request.policy);
  if (syntax !== null) return { delivered: false, httpStatus: null, durationMs: elapsed(), error: `url ${syntax}`, responseExcerpt: null };
  const url = new URL(request.url);
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const { status, excerpt } = await post(url, request, signal);
    const delivered = status >= 200 && status < 300;
    return { delivered, httpStatus: status, durationMs: elapsed(), error: delivered ? null : `answered HTTP ${status}`, responseExcerpt: excerpt };
  } catch (error) {
    const message = signal.aborted ? `no answer within ${request.timeoutMs} ms` : describe(error);
    return { delivered: false, httpStatus: null, durationMs: elapsed(), error: message, responseExcerpt: null };
  }
}

function post(url: URL, request: WebhookRequest, signal: AbortSignal): Promise<{ status: number; excerpt: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', 'user-agent': 'kassa-ledger-webhooks', ...request.headers },
      lookup: request.policy.allowPrivate ? undefined : guardedLookup(hostOf(url), request.resolve ?? systemResolver),
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      readExcerpt(response).then((excerpt) => resolve({ status: response.statusCode ?? 0, excerpt }), reject);
    });
    outgoing.end(request.body);
  });
}

/** The first KB of the answer; the rest is not read (the socket is dropped). */
function readExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      response.removeAllListeners('data');
      const text = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
      // PostgreSQL text cannot hold NUL; a cut multi-byte character decodes as U+FFFD.
      resolve(text.replace(/\u0000/g, '\uFFFD'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_EXCERPT_BYTES) {
        finish();
        response.destroy();
      }
    });
    response.on('end', finish);
    response.on('error', reject);
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup replacement for the request: resolves, refuses when any answer is not public, hands on what it checked. */
function guardedLookup(host: string, resolve: HostResolver) {
  return (_hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    resolve(host).then(
      (answer) => {
        const refusal = resolvedAddressesError(host, answer);
        if (refusal !== null) return callback(Object.assign(new Error(`url ${refusal}`), { code: 'EWEBHOOKADDRESS' }), '', 0);
        if ((options as LookupAllOptions).all) return callback(null, answer.map(({ address, family }) => ({ address, family })));
        callback(null, answer[0].address, answer[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
