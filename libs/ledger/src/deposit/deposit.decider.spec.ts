import { fold } from '../shared/decider';
import { given, TEST_NOW } from '../testing/given-when-then';
import type { ActivationAnswer, DepositCommand, DepositPostback } from './deposit.commands';
import { depositDecider, MAX_ACTIVATION_ATTEMPTS } from './deposit.decider';
import type {
  ActivationAccepted,
  ActivationSubmitted,
  DepositCredited,
  DepositCreditFlags,
  DepositEvent,
  PostbackReceived,
  WalletDetailsIssued,
} from './deposit.events';
import type { PostbackQuarantined, QuarantineReason } from '../shared/postback-quarantined.event';

const ref = { tenantId: 't1', depositId: 'dep-1' } as const;
const RECEIVED_AT = '2024-05-01T09:59:59.000Z';
const noFlags: DepositCreditFlags = { amountMismatch: false, transactionIdMismatch: false, walletTypeMismatch: false, unmatched: false };

const request = { walletType: 'paytm', currency: 'INR', label: 'player-1', requestedAmountMinor: 50000n, lang: 'en' };

const issued = (requestedAmountMinor: string | null = '50000'): WalletDetailsIssued => ({
  type: 'WalletDetailsIssued',
  data: {
    ...ref,
    walletType: 'paytm',
    currency: 'INR',
    label: 'player-1',
    requestedAmountMinor,
    lang: 'en',
    walletDetails: { identifier: '6234234234' },
    paymentUrl: 'https://plugin.example/pay?custom_transaction_id=dep-1',
    openedAt: TEST_NOW,
  },
});
const creationFailed: DepositEvent = {
  type: 'DepositCreationFailed',
  data: { ...ref, walletType: 'paytm', currency: 'INR', label: 'player-1', requestedAmountMinor: '50000', lang: 'en', reason: 'wallet unavailable', failedAt: TEST_NOW },
};
const submitted = (attempt = 1, transactionId = '123456789012', amountMinor = '50000'): ActivationSubmitted => ({
  type: 'ActivationSubmitted',
  data: { ...ref, attempt, transactionId, amountMinor, screenshot: null, submittedAt: TEST_NOW },
});
const accepted = (attempt = 1, answer: ActivationAccepted['data']['answer'] = 'ok'): ActivationAccepted => ({
  type: 'ActivationAccepted',
  data: { ...ref, attempt, answer, providerAmountMinor: null, message: null, answeredAt: TEST_NOW },
});
const rejected = (attempt = 1): DepositEvent => ({
  type: 'ActivationRejected',
  data: { ...ref, attempt, message: 'transaction not found', answeredAt: TEST_NOW },
});
const unknownAnswer = (attempt = 1): DepositEvent => ({
  type: 'ActivationAnswerUnknown',
  data: { ...ref, attempt, error: 'timeout after 10000 ms', answeredAt: TEST_NOW },
});

const postback = (overrides: Partial<DepositPostback> = {}): DepositPostback => ({
  postbackId: 'pb-1',
  walletType: 'paytm',
  transactionId: '123456789012',
  amountMinor: 50000n,
  currency: 'INR',
  stockpilingId: 1252,
  activatedDatetime: '2023-11-22 02:30:22',
  exchangerIdentifier: '91*****123',
  convertedUsd: '6.01',
  receivedAt: RECEIVED_AT,
  ...overrides,
});
const applyPostback = (overrides: Partial<DepositPostback> = {}): DepositCommand => ({
  type: 'ApplyDepositPostback',
  data: { ...ref, ...postback(overrides) },
});

const received = (p: DepositPostback = postback(), depositId: string = ref.depositId): PostbackReceived => ({
  type: 'PostbackReceived',
  data: {
    tenantId: 't1',
    depositId,
    postbackId: p.postbackId,
    walletType: p.walletType,
    transactionId: p.transactionId,
    amountMinor: String(p.amountMinor),
    currency: p.currency,
    stockpilingId: p.stockpilingId,
    activatedDatetime: p.activatedDatetime,
    exchangerIdentifier: p.exchangerIdentifier,
    convertedUsd: p.convertedUsd,
    receivedAt: p.receivedAt,
  },
});
const credited = (
  p: DepositPostback = postback(),
  flags: Partial<DepositCreditFlags> = {},
  expectedAmountMinor: string | null = '50000',
  depositId: string = ref.depositId,
): DepositCredited => ({
  type: 'DepositCredited',
  data: {
    tenantId: 't1',
    depositId,
    label: 'player-1',
    currency: 'INR',
    walletType: p.walletType,
    transactionId: p.transactionId,
    amountMinor: String(p.amountMinor),
    expectedAmountMinor,
    postbackId: p.postbackId,
    flags: { ...noFlags, ...flags },
    creditedAt: TEST_NOW,
  },
});
const quarantined = (p: DepositPostback, reason: QuarantineReason, depositId: string = ref.depositId): PostbackQuarantined => ({
  type: 'PostbackQuarantined',
  data: {
    tenantId: 't1',
    direction: 'ingoing',
    depositId,
    withdrawalId: null,
    postbackId: p.postbackId,
    reason,
    walletType: p.walletType,
    currency: p.currency,
    amountMinor: String(p.amountMinor),
    transactionId: p.transactionId,
    providerStatus: null,
    receivedAt: p.receivedAt,
    quarantinedAt: TEST_NOW,
  },
});

const answer = (attempt: number, a: ActivationAnswer): DepositCommand => ({ type: 'RecordActivationAnswer', data: { ...ref, attempt, answer: a } });
const submit = (transactionId = '123456789012', amountMinor = 50000n): DepositCommand => ({
  type: 'SubmitActivation',
  data: { ...ref, transactionId, amountMinor, screenshot: null },
});

const awaitingConfirmation: DepositEvent[] = [issued(), submitted(), accepted()];
const creditedDeposit: DepositEvent[] = [...awaitingConfirmation, received(), credited()];

describe('Deposit', () => {
  describe('when opened', () => {
    const open = (answerOfProvider: Extract<DepositCommand, { type: 'OpenDeposit' }>['data']['answer'], overrides = {}): DepositCommand => ({
      type: 'OpenDeposit',
      data: { ...ref, ...request, answer: answerOfProvider, ...overrides },
    });
    const issuedAnswer = {
      status: 'issued',
      walletDetails: { identifier: '6234234234' },
      paymentUrl: 'https://plugin.example/pay?custom_transaction_id=dep-1',
    } as const;

    it('records the wallet details the provider issued', () => {
      given(depositDecider).when(open(issuedAnswer)).then([issued()]);
      expect(fold(depositDecider, [issued()]).status).toBe('created');
    });

    it('opens without a requested amount', () => {
      given(depositDecider).when(open(issuedAnswer, { requestedAmountMinor: null })).then([issued(null)]);
    });

    it('records a provider refusal as failed', () => {
      given(depositDecider).when(open({ status: 'refused', reason: 'wallet unavailable' })).then([creationFailed]);
      expect(fold(depositDecider, [creationFailed]).status).toBe('failed');
    });

    it('does nothing on a repeat of the same request', () => {
      given(depositDecider, [issued()]).when(open(issuedAnswer)).then([]);
    });

    it('refuses the same deposit id with another request', () => {
      given(depositDecider, [issued()]).when(open(issuedAnswer, { label: 'player-2' })).thenThrows('IDEMPOTENCY_CONFLICT');
    });

    it('refuses a zero requested amount', () => {
      given(depositDecider).when(open(issuedAnswer, { requestedAmountMinor: 0n })).thenThrows('INVALID_AMOUNT');
    });
  });

  describe('when created', () => {
    it('records the activation as attempt 1', () => {
      given(depositDecider, [issued()]).when(submit()).then([submitted(1)]);
    });

    it('keeps the screenshot metadata', () => {
      const screenshot = { fileName: 'pay.png', contentType: 'image/png', sizeBytes: 2048, sha256: 'ab'.repeat(32) };
      given(depositDecider, [issued()])
        .when({ type: 'SubmitActivation', data: { ...ref, transactionId: 'TXN12345', amountMinor: 100000n, screenshot } })
        .then([{ type: 'ActivationSubmitted', data: { ...ref, attempt: 1, transactionId: 'TXN12345', amountMinor: '100000', screenshot, submittedAt: TEST_NOW } }]);
    });

    it('refuses a zero activation amount', () => {
      given(depositDecider, [issued()]).when(submit('123456789012', 0n)).thenThrows('INVALID_AMOUNT');
    });

    it.each(['ok', 'pending', 'possible_transaction_created', 'success'] as const)('awaits confirmation when the provider answers %s', (status) => {
      given(depositDecider, [issued(), submitted()])
        .when(answer(1, { status, providerAmountMinor: status === 'ok' ? 600000n : null, message: status === 'ok' ? null : 'noted' }))
        .then([
          {
            type: 'ActivationAccepted',
            data: { ...ref, attempt: 1, answer: status, providerAmountMinor: status === 'ok' ? '600000' : null, message: status === 'ok' ? null : 'noted', answeredAt: TEST_NOW },
          },
        ]);
      expect(fold(depositDecider, [issued(), submitted(), accepted(1, status)]).status).toBe('awaiting_confirmation');
    });

    it('is rejected when the provider answers fail, and the player may submit again', () => {
      given(depositDecider, [issued(), submitted()]).when(answer(1, { status: 'fail', message: 'transaction not found' })).then([rejected(1)]);
      expect(fold(depositDecider, [issued(), submitted(), rejected(1)]).status).toBe('activation_rejected');
    });

    it('records an unknown outcome and stays created', () => {
      given(depositDecider, [issued(), submitted()]).when(answer(1, { status: 'unknown', error: 'timeout after 10000 ms' })).then([unknownAnswer(1)]);
      expect(fold(depositDecider, [issued(), submitted(), unknownAnswer(1)]).status).toBe('created');
    });

    it('takes another activation after an unknown outcome', () => {
      given(depositDecider, [issued(), submitted(1), unknownAnswer(1)]).when(submit()).then([submitted(2)]);
    });

    it('refuses an answer for an attempt that is not the latest', () => {
      given(depositDecider, [issued(), submitted(1), unknownAnswer(1), submitted(2)])
        .when(answer(1, { status: 'fail', message: 'late' }))
        .thenThrows('INVALID_STATE', 'attempt 1');
    });

    it('refuses a second answer for the same attempt', () => {
      given(depositDecider, [issued(), submitted(1), rejected(1)]).when(answer(1, { status: 'fail', message: 'again' })).thenThrows('INVALID_STATE');
    });

    it('refuses an answer when nothing was submitted', () => {
      given(depositDecider, [issued()]).when(answer(1, { status: 'ok', providerAmountMinor: null, message: null })).thenThrows('INVALID_STATE');
    });

    it(`refuses more than ${MAX_ACTIVATION_ATTEMPTS} activation attempts`, () => {
      const attempts = Array.from({ length: MAX_ACTIVATION_ATTEMPTS }, (_, i) => [submitted(i + 1), rejected(i + 1)]).flat();
      given(depositDecider, [issued(), ...attempts]).when(submit()).thenThrows('TOO_MANY_ATTEMPTS');
    });
  });

  describe('when the activation was rejected', () => {
    it('takes a new activation as the next attempt', () => {
      given(depositDecider, [issued(), submitted(1), rejected(1)]).when(submit('210987654321')).then([submitted(2, '210987654321')]);
    });

    it('credits a postback that arrives anyway (a late manual approval)', () => {
      given(depositDecider, [issued(), submitted(1), rejected(1)]).when(applyPostback()).then([received(), credited()]);
    });
  });

  describe('when awaiting confirmation', () => {
    it('refuses another activation', () => {
      given(depositDecider, awaitingConfirmation).when(submit()).thenThrows('INVALID_STATE', 'awaiting_confirmation');
    });

    it('credits the postback', () => {
      given(depositDecider, awaitingConfirmation).when(applyPostback()).then([received(), credited()]);
      expect(fold(depositDecider, creditedDeposit)).toMatchObject({ status: 'credited', credit: { amountMinor: 50000n, transactionId: '123456789012' } });
    });

    it("credits the postback's amount and flags a mismatch with the activation amount", () => {
      const paid = postback({ amountMinor: 600000n });
      given(depositDecider, awaitingConfirmation).when(applyPostback({ amountMinor: 600000n })).then([received(paid), credited(paid, { amountMismatch: true })]);
    });

    it('compares with the latest activation attempt', () => {
      const attempts = [issued(), submitted(1, '111111111111', '50000'), rejected(1), submitted(2, '222222222222', '70000'), unknownAnswer(2)];
      const paid = postback({ transactionId: '222222222222', amountMinor: 70000n });
      given(depositDecider, attempts).when(applyPostback({ transactionId: '222222222222', amountMinor: 70000n })).then([received(paid), credited(paid, {}, '70000')]);
    });

    it('flags a postback for another transaction id than the one submitted', () => {
      const paid = postback({ transactionId: '999999999999' });
      given(depositDecider, awaitingConfirmation).when(applyPostback({ transactionId: '999999999999' })).then([received(paid), credited(paid, { transactionIdMismatch: true })]);
    });

    it('credits under the wallet type the postback names, flagged', () => {
      const paid = postback({ walletType: 'paytm_api' });
      given(depositDecider, awaitingConfirmation).when(applyPostback({ walletType: 'paytm_api' })).then([received(paid), credited(paid, { walletTypeMismatch: true })]);
    });

    it('quarantines a postback in another currency and credits nothing', () => {
      const foreign = postback({ currency: 'PKR' });
      given(depositDecider, awaitingConfirmation).when(applyPostback({ currency: 'PKR' })).then([quarantined(foreign, 'currency_mismatch')]);
      expect(fold(depositDecider, [...awaitingConfirmation, quarantined(foreign, 'currency_mismatch')]).status).toBe('awaiting_confirmation');
    });

    it('quarantines a postback of zero', () => {
      given(depositDecider, awaitingConfirmation).when(applyPostback({ amountMinor: 0n })).then([quarantined(postback({ amountMinor: 0n }), 'amount_not_positive')]);
    });

    it('does nothing on a repeat of a quarantined postback', () => {
      const foreign = postback({ currency: 'PKR' });
      given(depositDecider, [...awaitingConfirmation, quarantined(foreign, 'currency_mismatch')]).when(applyPostback({ currency: 'PKR', postbackId: 'pb-2' })).then([]);
    });

    it('still credits the right postback after quarantining a wrong one', () => {
      const foreign = postback({ currency: 'PKR' });
      given(depositDecider, [...awaitingConfirmation, quarantined(foreign, 'currency_mismatch')]).when(applyPostback()).then([received(), credited()]);
    });
  });

  describe('when created and paid through the payment window', () => {
    it('credits without an activation, comparing with the requested amount', () => {
      given(depositDecider, [issued()]).when(applyPostback()).then([received(), credited()]);
      const paid = postback({ amountMinor: 40000n });
      given(depositDecider, [issued()]).when(applyPostback({ amountMinor: 40000n })).then([received(paid), credited(paid, { amountMismatch: true })]);
    });

    it('flags nothing when no amount was requested or activated', () => {
      const paid = postback({ amountMinor: 40000n });
      given(depositDecider, [issued(null)]).when(applyPostback({ amountMinor: 40000n })).then([received(paid), credited(paid, {}, null)]);
    });
  });

  describe('when credited', () => {
    it('does nothing on a repeat of the same postback', () => {
      given(depositDecider, creditedDeposit).when(applyPostback({ postbackId: 'pb-2', receivedAt: TEST_NOW })).then([]);
    });

    it.each([
      ['another transaction id', { transactionId: '999999999999' }],
      ['another amount', { amountMinor: 60000n }],
      ['another currency', { currency: 'PKR' }],
      ['another wallet type', { walletType: 'easypaisa' }],
    ])('quarantines a postback with %s and credits nothing', (_, overrides: Partial<DepositPostback>) => {
      const conflicting = postback({ postbackId: 'pb-2', ...overrides });
      given(depositDecider, creditedDeposit).when(applyPostback({ postbackId: 'pb-2', ...overrides })).then([quarantined(conflicting, 'conflicts_with_credited_postback')]);
      expect(fold(depositDecider, [...creditedDeposit, quarantined(conflicting, 'conflicts_with_credited_postback')])).toMatchObject({
        status: 'credited',
        credit: { postbackId: 'pb-1', amountMinor: 50000n },
      });
    });

    it('does nothing on a repeat of a quarantined conflicting postback', () => {
      const conflicting = postback({ postbackId: 'pb-2', amountMinor: 60000n });
      given(depositDecider, [...creditedDeposit, quarantined(conflicting, 'conflicts_with_credited_postback')]).when(applyPostback({ postbackId: 'pb-3', amountMinor: 60000n })).then([]);
    });

    it('refuses another activation', () => {
      given(depositDecider, creditedDeposit).when(submit()).thenThrows('INVALID_STATE');
    });

    it('records an activation answer the postback overtook, and stays credited', () => {
      const overtaken = [issued(), submitted(), received(), credited()];
      given(depositDecider, overtaken).when(answer(1, { status: 'ok', providerAmountMinor: null, message: null })).then([accepted(1)]);
      expect(fold(depositDecider, [...overtaken, accepted(1)]).status).toBe('credited');
      expect(fold(depositDecider, [...overtaken, rejected(1)]).status).toBe('credited');
    });
  });

  describe('when the provider refused to create it', () => {
    it('refuses an activation', () => {
      given(depositDecider, [creationFailed]).when(submit()).thenThrows('INVALID_STATE', 'failed');
    });

    it('still credits a signed postback, flagged unmatched', () => {
      given(depositDecider, [creationFailed]).when(applyPostback()).then([received(), credited(postback(), { unmatched: true })]);
    });
  });

  describe('when it was never opened', () => {
    const unmatchedId = 'unmatched-paytm-123456789012';
    const creditUnmatched = (overrides: Partial<DepositPostback> = {}): DepositCommand => ({
      type: 'CreditUnmatchedDeposit',
      data: { tenantId: 't1', depositId: unmatchedId, label: 'player-1', pluginCustomOrderId: 'zzz-404', ...postback(overrides) },
    });
    const unmatchedReceived: DepositEvent = {
      type: 'UnmatchedDepositReceived',
      data: { tenantId: 't1', depositId: unmatchedId, walletType: 'paytm', currency: 'INR', label: 'player-1', pluginCustomOrderId: 'zzz-404', receivedAt: RECEIVED_AT },
    };
    const unmatchedCredit = [unmatchedReceived, received(postback(), unmatchedId), credited(postback(), { unmatched: true }, null, unmatchedId)];

    it('refuses a postback for a deposit that does not exist', () => {
      given(depositDecider).when(applyPostback()).thenThrows('NOT_FOUND');
    });

    it('refuses an activation for a deposit that does not exist', () => {
      given(depositDecider).when(submit()).thenThrows('NOT_FOUND');
    });

    it('starts the stream and credits an unmatched postback, flagged for reconciliation', () => {
      given(depositDecider).when(creditUnmatched()).then(unmatchedCredit);
      expect(fold(depositDecider, unmatchedCredit)).toMatchObject({ status: 'credited', unmatched: true });
    });

    it('does nothing on a repeat of the unmatched postback', () => {
      given(depositDecider, unmatchedCredit).when(creditUnmatched({ postbackId: 'pb-2' })).then([]);
    });

    it('quarantines a conflicting unmatched postback on the same stream', () => {
      const conflicting = postback({ amountMinor: 1n });
      given(depositDecider, unmatchedCredit).when(creditUnmatched({ amountMinor: 1n })).then([quarantined(conflicting, 'conflicts_with_credited_postback', unmatchedId)]);
    });

    it('records but quarantines an unmatched postback of zero', () => {
      const zero = postback({ amountMinor: 0n });
      given(depositDecider).when(creditUnmatched({ amountMinor: 0n })).then([unmatchedReceived, quarantined(zero, 'amount_not_positive', unmatchedId)]);
    });

    it('refuses to open a deposit on the stream of an unmatched one', () => {
      given(depositDecider, unmatchedCredit)
        .when({ type: 'OpenDeposit', data: { tenantId: 't1', depositId: unmatchedId, ...request, requestedAmountMinor: null, lang: null, answer: { status: 'refused', reason: 'x' } } })
        .thenThrows('IDEMPOTENCY_CONFLICT');
    });
  });

  describe('evolve', () => {
    it('asserts instead of crediting twice', () => {
      expect(() => fold(depositDecider, [...creditedDeposit, credited()])).toThrow('credited twice');
    });

    it('asserts instead of applying events to a deposit never opened', () => {
      expect(() => fold(depositDecider, [submitted()])).toThrow('before the deposit was opened');
    });
  });
});
