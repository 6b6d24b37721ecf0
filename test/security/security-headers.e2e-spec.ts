import { TestService } from '../support/e2e-app';

describe('Security headers', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => {
    await service?.close();
  });

  const headersOf = async (path: string, init: RequestInit = {}) => (await fetch(`${service.baseUrl}${path}`, init)).headers;

  it.each(['/health', '/v1/wallet-types', '/console', '/no/such/route', '/sandbox/sandbox-control/deposits', '/paykassma/postback'])('%s carries helmet headers and no X-Powered-By', async (path) => {
    const headers = await headersOf(path, path === '/paykassma/postback' ? { method: 'POST', body: 'x' } : {});
    expect(headers.get('x-powered-by')).toBeNull();
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // A plain-http local run must keep loading the console's files over http.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('the console page names only same-origin files, which the policy allows', async () => {
    const page = await (await fetch(`${service.baseUrl}/console`)).text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style\b/);
    for (const [, url] of page.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url.startsWith('/console/')).toBe(true);
  });

  it("Swagger UI's page alone may use inline styles", async () => {
    const csp = (await headersOf('/docs')).get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
  });
});
