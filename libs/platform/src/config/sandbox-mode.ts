import { ConfigError } from './config-error';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether the built-in sandbox runs: when PAYKASSMA_SANDBOX=true, or when no PAYKASSMA_API_URL is
 * set. Its keys are public and it credits players on request, so it is refused outright with
 * NODE_ENV=production: a production process that lost its provider URL stops instead of quietly
 * becoming a free money printer.
 */
export function sandboxRuns(env: Env, apiUrl: string | null): boolean {
  const requested = env['PAYKASSMA_SANDBOX']?.trim() ?? '';
  if (requested !== '' && requested !== 'true' && requested !== 'false') {
    throw new ConfigError('PAYKASSMA_SANDBOX', 'must be true or false', requested);
  }
  if (requested === 'false' && apiUrl === null) {
    throw new ConfigError('PAYKASSMA_API_URL', 'is required when PAYKASSMA_SANDBOX=false');
  }
  const sandbox = requested === 'true' || apiUrl === null;
  if (sandbox && env['NODE_ENV']?.trim() === 'production') {
    const why = requested === 'true' ? 'PAYKASSMA_SANDBOX=true' : 'PAYKASSMA_API_URL is unset';
    throw new ConfigError('PAYKASSMA_SANDBOX', `refused with NODE_ENV=production: the built-in sandbox would run (${why}); set PAYKASSMA_API_URL and the provider keys`);
  }
  return sandbox;
}
