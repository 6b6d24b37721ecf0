import type { Decider } from '../shared/decider';
import { assertNever, DomainError, invariant } from '../shared/domain-error';
import { assertIsoUtc, fromMinorString, requirePositive, toMinorString } from '../shared/event-values';
import type { AssignSuspense, CreditSuspense, SuspenseCommand } from './suspense.commands';
import type { SuspenseEvent } from './suspense.events';

export type SuspenseState =
  | { readonly status: 'empty' }
  | {
    readonly status: 'open' | 'assigned';
    readonly tenantId: string;
    readonly itemId: string;
    readonly walletType: string;
    readonly currency: string;
    readonly amountMinor: bigint;
    readonly transactionId: string;
    /** Set once assigned. */
    readonly label: string | null;
    /** Fingerprints of the conflicting postbacks already quarantined: each is recorded once. */
    readonly quarantined: ReadonlySet<string>;
  };

export type ExistingSuspenseItem = Exclude<SuspenseState, { status: 'empty' }>;

/** The same rule as a deposit's label: the player is a label of at most 190 characters. */
const MAX_LABEL_LENGTH = 190;

/**
 * A suspense item: open when a signed deposit postback arrives for an order we never opened (the
 * money is the merchant's until finance says whose it is), assigned once to one player. A repeat of
 * the credit with the same facts is a no-op; with other facts it is quarantined, never applied. A
 * second assignment is refused (ALREADY_ASSIGNED): the money moves once, and a retried request is
 * answered by its Idempotency-Key before it reaches here.
 */
export function decideSuspense(command: SuspenseCommand, state: SuspenseState, now: string): SuspenseEvent[] {
  assertIsoUtc(now, 'now');
  switch (command.type) {
    case 'CreditSuspense':
      return credit(command.data, state, now);
    case 'AssignSuspense':
      return assign(command.data, state, now);
    default:
      return assertNever(command, 'suspense command');
  }
}

function fingerprint(transactionId: string, amountMinor: bigint | string, currency: string): string {
  return `${transactionId}|${amountMinor}|${currency}`;
}

function credit(data: CreditSuspense['data'], state: SuspenseState, now: string): SuspenseEvent[] {
  if (state.status !== 'empty') {
    const same = state.transactionId === data.transactionId && state.amountMinor === data.amountMinor && state.currency === data.currency;
    if (same || state.quarantined.has(fingerprint(data.transactionId, data.amountMinor, data.currency))) return [];
    return [{
      type: 'PostbackQuarantined',
      data: {
        tenantId: data.tenantId,
        direction: 'ingoing',
        depositId: null,
        withdrawalId: null,
        suspenseItemId: data.itemId,
        postbackId: data.postbackId,
        reason: 'conflicts_with_credited_postback',
        walletType: data.walletType,
        currency: data.currency,
        amountMinor: toMinorString(data.amountMinor),
        transactionId: data.transactionId,
        providerStatus: null,
        receivedAt: data.receivedAt,
        quarantinedAt: now,
      },
    }];
  }
  requirePositive(data.amountMinor, 'suspense amount');
  const { amountMinor, receivedAt: _receivedAt, ...rest } = data;
  void _receivedAt;
  return [{ type: 'SuspenseCredited', data: { ...rest, amountMinor: toMinorString(amountMinor), creditedAt: now } }];
}

function assign(data: AssignSuspense['data'], state: SuspenseState, now: string): SuspenseEvent[] {
  if (state.status === 'empty') throw new DomainError('NOT_FOUND', `no suspense item ${data.itemId}`);
  const characters = [...data.label].length; // code points, as the provider and the API count them
  if (characters === 0 || characters > MAX_LABEL_LENGTH) {
    throw new DomainError('INVALID_STATE', `a label is 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  if (state.status === 'assigned') {
    throw new DomainError('ALREADY_ASSIGNED', `suspense item ${data.itemId} was already assigned to a player; its money moves once`);
  }
  return [{
    type: 'SuspenseAssigned',
    data: {
      tenantId: state.tenantId,
      itemId: state.itemId,
      label: data.label,
      walletType: state.walletType,
      currency: state.currency,
      amountMinor: toMinorString(state.amountMinor),
      assignedBy: data.assignedBy,
      assignedAt: now,
    },
  }];
}

export function evolveSuspense(state: SuspenseState, event: SuspenseEvent): SuspenseState {
  switch (event.type) {
    case 'SuspenseCredited': {
      const { tenantId, itemId, walletType, currency, amountMinor, transactionId } = event.data;
      return { status: 'open', tenantId, itemId, walletType, currency, amountMinor: fromMinorString(amountMinor), transactionId, label: null, quarantined: new Set() };
    }
    case 'SuspenseAssigned':
      invariant(state.status === 'open', 'SuspenseAssigned on an item that is not open');
      return { ...state, status: 'assigned', label: event.data.label };
    case 'PostbackQuarantined': {
      invariant(state.status !== 'empty', 'PostbackQuarantined on a suspense item that was never credited');
      invariant(event.data.transactionId !== null, 'a suspense quarantine names the transaction id');
      const print = fingerprint(event.data.transactionId, event.data.amountMinor, event.data.currency);
      return { ...state, quarantined: new Set(state.quarantined).add(print) };
    }
    default:
      return assertNever(event, 'suspense event');
  }
}

export const suspenseDecider: Decider<SuspenseCommand, SuspenseEvent, SuspenseState> = {
  decide: decideSuspense,
  evolve: evolveSuspense,
  initialState: () => ({ status: 'empty' }),
};
