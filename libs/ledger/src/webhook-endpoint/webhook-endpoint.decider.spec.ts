import { DomainError } from '../shared/domain-error';
import { decideWebhookEndpoint, FAILING_DISABLED_REASON, signingSecrets } from './webhook-endpoint.decider';
import type { WebhookEndpointState } from './webhook-endpoint.state';

const T0 = '2026-01-01T00:00:00.000Z';
const created = decideWebhookEndpoint(
  { type: 'CreateWebhookEndpoint', data: { id: 'e1', merchantId: 'default', url: 'https://example.com/h', eventTypes: ['*'], enabled: true, description: null, secret: 'whsec_one' } },
  undefined,
  T0,
) as WebhookEndpointState;
const at = (hours: number): string => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

describe('Webhook endpoint decider', () => {
  it('refuses changes to an endpoint that does not exist', () => {
    expect(() => decideWebhookEndpoint({ type: 'DeleteWebhookEndpoint' }, undefined, T0)).toThrow(DomainError);
  });

  it('keeps the old secret signing for 24 hours after a rotation', () => {
    const rotated = decideWebhookEndpoint({ type: 'RotateWebhookEndpointSecret', data: { secret: 'whsec_two' } }, created, T0)!;
    expect(signingSecrets(rotated, new Date(at(23.9)))).toEqual(['whsec_two', 'whsec_one']);
    expect(signingSecrets(rotated, new Date(at(24)))).toEqual(['whsec_two']);
  });

  it('disables an endpoint whose attempts all failed for 5 days, and a success ends the run', () => {
    let state = decideWebhookEndpoint({ type: 'RecordWebhookFailure' }, created, at(1))!;
    expect(state.failingSince).toBe(at(1));
    state = decideWebhookEndpoint({ type: 'RecordWebhookFailure' }, state, at(100))!;
    expect(state.enabled).toBe(true);
    const recovered = decideWebhookEndpoint({ type: 'RecordWebhookSuccess' }, state, at(101))!;
    expect(recovered.failingSince).toBeNull();
    state = decideWebhookEndpoint({ type: 'RecordWebhookFailure' }, state, at(121))!;
    expect(state).toMatchObject({ enabled: false, disabledReason: FAILING_DISABLED_REASON });
    const enabledAgain = decideWebhookEndpoint({ type: 'UpdateWebhookEndpoint', data: { enabled: true } }, state, at(122))!;
    expect(enabledAgain).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});
