import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { blockedAddressReason } from './blocked-addresses';

/** Whether http and non-public targets are allowed (the sandbox, or WEBHOOK_ALLOW_PRIVATE_URLS=true). */
export interface WebhookUrlPolicy {
  readonly allowPrivate: boolean;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Every address a host name resolves to (all of them: one private answer is enough to refuse). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export const MAX_WEBHOOK_URL_LENGTH = 2_048;

/** What is wrong with the URL's text (scheme, shape, literal address), or null; no DNS. */
export function webhookUrlSyntaxError(text: unknown, policy: WebhookUrlPolicy): string | null {
  if (typeof text !== 'string' || text.length === 0) return 'must be a URL';
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  const protocols = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!protocols.includes(url.protocol)) return policy.allowPrivate ? 'must use https or http' : 'must use https';
  // Credentials in a URL end up in logs and listings; the signature is what authenticates us.
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.hash !== '') return 'must not contain a fragment';
  if (policy.allowPrivate) return null;
  const host = hostOf(url);
  if (isIP(host) !== 0) return blockedAddressReason(host) === null ? null : 'must point to a public address (not loopback, private or link-local)';
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'must name a public host';
  return null;
}

/**
 * The full rule, at creation and again before each delivery: the text, then every address the host
 * resolves to must be public (DNS can change between the two). null when the URL may be used.
 */
export async function webhookUrlError(text: unknown, policy: WebhookUrlPolicy, resolve: HostResolver = systemResolver): Promise<string | null> {
  const syntax = webhookUrlSyntaxError(text, policy);
  if (syntax !== null || policy.allowPrivate) return syntax;
  const host = hostOf(new URL(text as string));
  if (isIP(host) !== 0) return null;
  return resolvedAddressesError(host, await resolveOrError(host, resolve));
}

/** Refuses the host when it does not resolve or any of its addresses is not public. */
export function resolvedAddressesError(host: string, answer: readonly ResolvedAddress[] | string): string | null {
  if (typeof answer === 'string') return answer;
  if (answer.length === 0) return `${host} does not resolve`;
  const blocked = answer.find((resolved) => blockedAddressReason(resolved.address) !== null);
  return blocked ? `${host} resolves to ${blocked.address}, which is not a public address` : null;
}

async function resolveOrError(host: string, resolve: HostResolver): Promise<readonly ResolvedAddress[] | string> {
  try {
    return await resolve(host);
  } catch (error) {
    return `${host} does not resolve (${(error as { code?: string }).code ?? 'lookup failed'})`;
  }
}

/** The host without IPv6 brackets, lower case, without a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}
