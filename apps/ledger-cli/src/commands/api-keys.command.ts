import { randomBytes } from 'node:crypto';
import { SCOPES, type Scope } from '@kassa/platform';
import { EXIT_OK, stdoutOutput, type Output } from './output';

/** `ledger-cli api-keys generate <id> <scope[+scope]>`: a new LEDGER_API_KEYS entry with a random secret. */
export function generateApiKeyCommand(id: string, scopes: string, out: Output = stdoutOutput): number {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('the key id must be 1 to 64 letters, digits, "_" or "-"');
  const wanted = scopes.split('+');
  const unknown = wanted.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0 || wanted.length === 0) throw new Error(`unknown scope ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`);
  const secret = `sk_${randomBytes(24).toString('base64url')}`;
  out.line(`${id}:${(wanted as Scope[]).join('+')}:${secret}`);
  out.line('append it to LEDGER_API_KEYS (comma-separated) in your secret store; the service keeps only its hash in memory');
  return EXIT_OK;
}
