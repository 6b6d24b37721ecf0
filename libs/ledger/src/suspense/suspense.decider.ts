/**
 * Suspense items (issue 13, item 3): the decider only. Not wired yet: no handler, stream, journal
 * postings or endpoint use it, and an unmatched deposit postback still credits the unsigned label.
 */
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
  };

/** The same rule as a deposit's label: the player is a label of at most 190 characters. */
const MAX_LABEL_LENGTH = 190;

/**
 * A suspense item: open when an unmatched credit arrives, assigned once to one player. A repeat of
 * either command with the same facts is a no-op (postbacks and requests arrive more than once); an
 * assignment to another player after the first is refused, never applied twice.
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

function credit(data: CreditSuspense['data'], state: SuspenseState, now: string): SuspenseEvent[] {
  requirePositive(data.amountMinor, 'suspense amount');
  if (state.status !== 'empty') {
    const same = state.transactionId === data.transactionId && state.amountMinor === data.amountMinor && state.currency === data.currency;
    if (same) return [];
    throw new DomainError('INVALID_STATE', `suspense item ${data.itemId} was credited with other facts`);
  }
  const { amountMinor, ...rest } = data;
  return [{ type: 'SuspenseCredited', data: { ...rest, amountMinor: toMinorString(amountMinor), creditedAt: now } }];
}

function assign(data: AssignSuspense['data'], state: SuspenseState, now: string): SuspenseEvent[] {
  if (state.status === 'empty') throw new DomainError('NOT_FOUND', `no suspense item ${data.itemId}`);
  if (data.label.length === 0 || data.label.length > MAX_LABEL_LENGTH) {
    throw new DomainError('INVALID_STATE', `a label is 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  if (state.status === 'assigned') {
    if (state.label === data.label) return [];
    throw new DomainError('INVALID_STATE', `suspense item ${data.itemId} is already assigned to another player`);
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
      return { status: 'open', tenantId, itemId, walletType, currency, amountMinor: fromMinorString(amountMinor), transactionId, label: null };
    }
    case 'SuspenseAssigned':
      invariant(state.status === 'open', 'SuspenseAssigned on an item that is not open');
      return { ...state, status: 'assigned', label: event.data.label };
    default:
      return assertNever(event, 'suspense event');
  }
}

export const suspenseDecider: Decider<SuspenseCommand, SuspenseEvent, SuspenseState> = {
  decide: decideSuspense,
  evolve: evolveSuspense,
  initialState: () => ({ status: 'empty' }),
};
