import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// js-yaml is in node_modules through the dev tooling; it only reads the compose file here.
import { load } from 'js-yaml';
import { ConfigError, loadConfig } from '@kassa/platform';

/**
 * No Docker engine runs in the test environment: these tests read the Dockerfile, docker-compose.yml
 * and .env.example and feed the environment each compose service would get to the real start-up
 * configuration, so a setup that would run the sandbox in production fails here.
 */
const ROOT = join(__dirname, '..', '..');
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8');

interface ComposeService {
  env_file?: string | string[];
  environment?: Record<string, string>;
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
}
const compose = load(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

/** KEY=VALUE lines, comments and blank lines skipped (the subset of the .env format the example uses). */
function dotenv(text: string): Record<string, string> {
  const entries = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  return Object.fromEntries(entries.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** What compose gives a service: the image's NODE_ENV, then its env_file, then its environment (interpolation resolved to defaults). */
function serviceEnv(service: ComposeService, dotenvFile: Record<string, string>): Record<string, string> {
  const environment = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
  return { NODE_ENV: 'production', ...(service.env_file ? dotenvFile : {}), ...environment };
}

function startupError(env: Record<string, string>): string | null {
  try {
    loadConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('Deployment files', () => {
  const example = dotenv(read('.env.example'));
  const api = compose.services['ledger-api'];
  const sandbox = compose.services['ledger-sandbox'];

  it('the image runs with NODE_ENV=production', () => {
    expect(read('Dockerfile')).toMatch(/^ENV NODE_ENV=production\b/m);
  });

  it('the API service takes its provider and keys from .env and sets no sandbox, placeholder or key itself', () => {
    expect(api.env_file).toBe('.env');
    expect(api.profiles).toBeUndefined();
    const environment = JSON.stringify(api.environment);
    for (const forbidden of ['PAYKASSMA_SANDBOX', 'NODE_ENV', 'LEDGER_API_KEYS', 'PAYKASSMA_', 'CHANGE_ME']) expect(environment).not.toContain(forbidden);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });

  it('.env.example documents the provider and the keys, and as committed it cannot start the service', () => {
    for (const name of ['PAYKASSMA_API_URL', 'PAYKASSMA_PLUGINAPI_SECRET', 'PAYKASSMA_POSTBACK_ACCESS_KEY', 'PAYKASSMA_POSTBACK_PRIVATE_KEY', 'PAYKASSMA_WITHDRAWAL_KEY', 'LEDGER_API_KEYS', 'RATE_LIMIT_PER_MINUTE']) {
      expect(example[name]).toBeDefined();
    }
    expect(startupError(serviceEnv(api, example))).toMatch(/CHANGE_ME/);
  });

  it('with the placeholders replaced, the API service starts against the provider, without the sandbox', () => {
    const filled = Object.fromEntries(Object.entries(example).map(([key, value]) => [key, value.replace(/CHANGE_ME/g, `${key.toLowerCase()}-0123456789abcdefghij`)]));
    const config = loadConfig(serviceEnv(api, filled));
    expect(config.sandbox).toBe(false);
    expect(config.paykassma.apiUrl).toMatch(/^https:\/\/api\./);
  });

  it('with an empty .env the API service stops with one line: the sandbox is refused under NODE_ENV=production', () => {
    expect(startupError(serviceEnv(api, {}))).toMatch(/^configuration: PAYKASSMA_SANDBOX refused with NODE_ENV=production/);
  });

  it('the sandbox is a separate profile on its own embedded database, published on this machine only', () => {
    expect(sandbox.profiles).toEqual(['sandbox']);
    expect(sandbox.env_file).toBeUndefined();
    expect(sandbox.environment).not.toHaveProperty('DATABASE_URL');
    expect(sandbox.ports?.every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
    const config = loadConfig(serviceEnv(sandbox, {}));
    expect(config.sandbox).toBe(true);
    expect(config.databaseUrl).toBeNull();
  });
});
