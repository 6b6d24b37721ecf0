import type { Command, Decider } from '../../shared/decider';
import { assertNever, invariant } from '../../shared/domain-error';
import { assertIsoUtc } from '../../shared/event-values';
import type { WithdrawalQueueEvent } from './withdrawal-queue.events';

export type PauseWithdrawalQueue = Command<
  'PauseWithdrawalQueue',
  { readonly tenantId: string; readonly reason: string; readonly refusals: number; readonly withdrawalId: string }
>;
export type ResumeWithdrawalQueue = Command<'ResumeWithdrawalQueue', { readonly tenantId: string }>;
export type WithdrawalQueueCommand = PauseWithdrawalQueue | ResumeWithdrawalQueue;

export type WithdrawalQueueState =
  | { readonly status: 'running' }
  | { readonly status: 'paused'; readonly reason: string; readonly refusals: number; readonly withdrawalId: string; readonly pausedAt: string };

/**
 * The merchant's submission queue: running, or paused after a run of identical refusals. Pausing a
 * paused queue or resuming a running one changes nothing (two workers may see the same run; an
 * operator may click twice).
 */
export function decideWithdrawalQueue(command: WithdrawalQueueCommand, state: WithdrawalQueueState, now: string): WithdrawalQueueEvent[] {
  assertIsoUtc(now, 'now');
  switch (command.type) {
    case 'PauseWithdrawalQueue': {
      if (state.status === 'paused') return [];
      const { tenantId, reason, refusals, withdrawalId } = command.data;
      invariant(refusals >= 1, 'a pause follows at least one refusal');
      return [{ type: 'WithdrawalQueuePaused', data: { tenantId, reason, refusals, withdrawalId, pausedAt: now } }];
    }
    case 'ResumeWithdrawalQueue':
      if (state.status === 'running') return [];
      return [{ type: 'WithdrawalQueueResumed', data: { tenantId: command.data.tenantId, pausedAt: state.pausedAt, resumedAt: now } }];
    default:
      return assertNever(command, 'withdrawal queue command');
  }
}

export function evolveWithdrawalQueue(state: WithdrawalQueueState, event: WithdrawalQueueEvent): WithdrawalQueueState {
  switch (event.type) {
    case 'WithdrawalQueuePaused': {
      invariant(state.status === 'running', 'WithdrawalQueuePaused while paused');
      const { reason, refusals, withdrawalId, pausedAt } = event.data;
      return { status: 'paused', reason, refusals, withdrawalId, pausedAt };
    }
    case 'WithdrawalQueueResumed':
      invariant(state.status === 'paused', 'WithdrawalQueueResumed while running');
      return { status: 'running' };
    default:
      return assertNever(event, 'withdrawal queue event');
  }
}

export const withdrawalQueueDecider: Decider<WithdrawalQueueCommand, WithdrawalQueueEvent, WithdrawalQueueState> = {
  decide: decideWithdrawalQueue,
  evolve: evolveWithdrawalQueue,
  initialState: () => ({ status: 'running' }),
};
