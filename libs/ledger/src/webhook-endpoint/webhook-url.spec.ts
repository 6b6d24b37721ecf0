import { blockedAddressReason } from './blocked-addresses';
import { type HostResolver, webhookUrlError, webhookUrlSyntaxError } from './webhook-url';

const STRICT = { allowPrivate: false };
const answering = (...addresses: string[]): HostResolver => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('Webhook URL rules', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '192.0.2.7',
    '::1', '::', 'fe80::1', 'fd00::1', 'fc00::5', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '2001:db8::1', '64:ff9b::a00:1',
  ])('refuses %s', (address) => {
    expect(blockedAddressReason(address)).not.toBeNull();
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('takes the public address %s', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });

  it.each([
    ['http://example.com/hook', 'https'],
    ['https://127.0.0.1/hook', 'public address'],
    ['https://0x7f.1/hook', 'public address'],
    ['https://2130706433/hook', 'public address'],
    ['https://[::ffff:127.0.0.1]/hook', 'public address'],
    ['https://[fe80::1]/hook', 'public address'],
    ['https://localhost/hook', 'public host'],
    ['https://api.localhost/hook', 'public host'],
    ['https://intranet/hook', 'public host'],
    ['https://a:b@example.com/hook', 'password'],
    ['https://example.com/hook#x', 'fragment'],
    ['ftp://example.com/hook', 'https'],
    ['//example.com', 'absolute'],
  ])('refuses %s by its text alone (%s)', (url, words) => {
    expect(webhookUrlSyntaxError(url, STRICT)).toContain(words);
  });

  it('refuses a host when any DNS answer is private, or when it does not resolve', async () => {
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, answering('93.184.215.14'))).toBeNull();
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, answering('93.184.215.14', '10.0.0.8'))).toContain('10.0.0.8');
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, answering('2606:4700::1', 'fd00::2'))).toContain('fd00::2');
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, answering('::ffff:192.168.1.1'))).toContain('not a public address');
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, answering())).toContain('does not resolve');
    const failing: HostResolver = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await webhookUrlError('https://hooks.example.com/x', STRICT, failing)).toContain('ENOTFOUND');
  });

  it('allows http and local targets when private URLs are allowed (sandbox, WEBHOOK_ALLOW_PRIVATE_URLS=true), without asking DNS', async () => {
    const never: HostResolver = async () => {
      throw new Error('DNS must not be asked');
    };
    expect(await webhookUrlError('http://127.0.0.1:8080/hook', { allowPrivate: true }, never)).toBeNull();
    expect(await webhookUrlError('http://localhost:8080/hook', { allowPrivate: true }, never)).toBeNull();
    expect(await webhookUrlError('ftp://localhost/hook', { allowPrivate: true }, never)).toContain('https or http');
  });
});
