import { given, TEST_NOW } from '../testing/given-when-then';
import type { SuspenseCommand } from './suspense.commands';
import { suspenseDecider } from './suspense.decider';
import type { PostbackQuarantined } from '../shared/postback-quarantined.event';
import type { SuspenseAssigned, SuspenseCredited } from './suspense.events';

const ref = { tenantId: 'brand-b', itemId: 'c0ffee00-0000-4000-8000-000000000001' } as const;

const creditSuspense = (amountMinor: bigint, transactionId = '66600011122', postbackId = 'pb-1'): SuspenseCommand => ({
  type: 'CreditSuspense',
  data: { ...ref, walletType: 'paytm', currency: 'INR', amountMinor, transactionId, postbackId, unsignedLabel: 'walk-in', receivedAt: '2024-05-01T10:00:00.000Z' },
});
const quarantined = (amountMinor: bigint, postbackId: string): PostbackQuarantined => ({
  type: 'PostbackQuarantined',
  data: {
    tenantId: ref.tenantId, direction: 'ingoing', depositId: null, withdrawalId: null, suspenseItemId: ref.itemId, postbackId,
    reason: 'conflicts_with_credited_postback', walletType: 'paytm', currency: 'INR', amountMinor: String(amountMinor),
    transactionId: '66600011122', providerStatus: null, receivedAt: '2024-05-01T10:00:00.000Z', quarantinedAt: TEST_NOW,
  },
});
const credited = (amountMinor: bigint): SuspenseCredited => ({
  type: 'SuspenseCredited',
  data: { ...ref, walletType: 'paytm', currency: 'INR', amountMinor: String(amountMinor), transactionId: '66600011122', postbackId: 'pb-1', unsignedLabel: 'walk-in', creditedAt: TEST_NOW },
});
const assign = (label: string, assignedBy = 'finance-b'): SuspenseCommand => ({ type: 'AssignSuspense', data: { ...ref, label, assignedBy } });
const assigned = (label: string, amountMinor: bigint, assignedBy = 'finance-b'): SuspenseAssigned => ({
  type: 'SuspenseAssigned',
  data: { ...ref, label, walletType: 'paytm', currency: 'INR', amountMinor: String(amountMinor), assignedBy, assignedAt: TEST_NOW },
});

describe('Suspense decider', () => {
  describe('an unmatched credit', () => {
    it('opens the item with the postback\'s amount; the unsigned label is only a hint', () => {
      given(suspenseDecider).when(creditSuspense(25_000n)).then([credited(25_000n)]);
    });

    it('is a no-op when the same credit arrives again (another delivery of the postback)', () => {
      given(suspenseDecider, [credited(25_000n)]).when(creditSuspense(25_000n, '66600011122', 'pb-2')).then([]);
    });

    it('quarantines a signed repeat with other facts, once: the item keeps its first amount', () => {
      given(suspenseDecider, [credited(25_000n)]).when(creditSuspense(90_000n, '66600011122', 'pb-2')).then([quarantined(90_000n, 'pb-2')]);
      given(suspenseDecider, [credited(25_000n), quarantined(90_000n, 'pb-2')]).when(creditSuspense(90_000n, '66600011122', 'pb-3')).then([]);
    });

    it('quarantines a conflicting repeat after the assignment too, and the assignment stands', () => {
      given(suspenseDecider, [credited(25_000n), assigned('player-7', 25_000n)]).when(creditSuspense(90_000n, '66600011122', 'pb-2')).then([quarantined(90_000n, 'pb-2')]);
      given(suspenseDecider, [credited(25_000n), assigned('player-7', 25_000n)]).when(creditSuspense(25_000n)).then([]);
    });

    it('refuses a zero amount', () => {
      expect(() => suspenseDecider.decide(creditSuspense(0n), suspenseDecider.initialState(), TEST_NOW)).toThrow();
    });
  });

  describe('assignment by finance', () => {
    it('gives the whole amount to the player, recording who assigned it', () => {
      given(suspenseDecider, [credited(25_000n)]).when(assign('player-7')).then([assigned('player-7', 25_000n)]);
    });

    it('refuses a second assignment, to another player or the same one: the money moves once', () => {
      given(suspenseDecider, [credited(25_000n), assigned('player-7', 25_000n)]).when(assign('player-8')).thenThrows('ALREADY_ASSIGNED', 'already assigned');
      given(suspenseDecider, [credited(25_000n), assigned('player-7', 25_000n)]).when(assign('player-7', 'finance-other')).thenThrows('ALREADY_ASSIGNED');
    });

    it('assigns an item that had a conflicting repeat quarantined, for its first amount', () => {
      given(suspenseDecider, [credited(25_000n), quarantined(90_000n, 'pb-2')]).when(assign('player-7')).then([assigned('player-7', 25_000n)]);
    });

    it('answers NOT_FOUND for an item that does not exist', () => {
      given(suspenseDecider).when(assign('player-7')).thenThrows('NOT_FOUND');
    });

    it('refuses an empty or too long label', () => {
      given(suspenseDecider, [credited(25_000n)]).when(assign('')).thenThrows('INVALID_STATE', 'label');
      given(suspenseDecider, [credited(25_000n)]).when(assign('x'.repeat(191))).thenThrows('INVALID_STATE', 'label');
    });
  });
});
