import { TestService } from '../support/e2e-app';
import { ServiceChild } from '../support/service-child';

describe('The built-in sandbox: asked for, never in production, controlled with an admin key', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('its control routes answer 401 without a key and 403 to a key without the admin scope, as problem+json', async () => {
    const path = '/sandbox/sandbox-control/withdrawals';
    const anonymous = await service.request('GET', path, undefined, { key: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    for (const key of ['platform', 'finance'] as const) {
      const refused = await service.request('POST', '/sandbox/sandbox-control/deposits/any/approve', {}, { key });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    }
    const admitted = await service.sandboxControl('GET', '/withdrawals');
    expect(admitted.status).toBe(200);
    expect(admitted.body).toEqual({ data: [] });
  });

  it('with NODE_ENV=production and no provider URL the process stops at start-up with one line saying so', async () => {
    const child = await ServiceChild.launch({ NODE_ENV: 'production', PAYKASSMA_API_URL: undefined, PAYKASSMA_SANDBOX: undefined });
    const { code } = await child.exited;
    expect(code).toBe(1);
    const lines = child.log.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^configuration: PAYKASSMA_SANDBOX refused with NODE_ENV=production/);
  });
});
