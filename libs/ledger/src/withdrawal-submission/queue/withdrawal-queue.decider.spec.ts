import { fold } from '../../shared/decider';
import { given, TEST_NOW } from '../../testing/given-when-then';
import { withdrawalQueueDecider, type WithdrawalQueueCommand } from './withdrawal-queue.decider';
import type { WithdrawalQueueEvent } from './withdrawal-queue.events';

const pause: WithdrawalQueueCommand = { type: 'PauseWithdrawalQueue', data: { tenantId: 't1', reason: 'Invalid signature', refusals: 5, withdrawalId: 'wd-5' } };
const resume: WithdrawalQueueCommand = { type: 'ResumeWithdrawalQueue', data: { tenantId: 't1' } };
const paused: WithdrawalQueueEvent = { type: 'WithdrawalQueuePaused', data: { tenantId: 't1', reason: 'Invalid signature', refusals: 5, withdrawalId: 'wd-5', pausedAt: TEST_NOW } };
const resumed: WithdrawalQueueEvent = { type: 'WithdrawalQueueResumed', data: { tenantId: 't1', pausedAt: TEST_NOW, resumedAt: TEST_NOW } };

describe('Withdrawal submission queue', () => {
  it('runs until paused by a run of refusals', () => {
    expect(fold(withdrawalQueueDecider, []).status).toBe('running');
    given(withdrawalQueueDecider).when(pause).then([paused]);
    expect(fold(withdrawalQueueDecider, [paused])).toEqual({ status: 'paused', reason: 'Invalid signature', refusals: 5, withdrawalId: 'wd-5', pausedAt: TEST_NOW });
  });

  it('pausing a paused queue changes nothing (two workers saw the same run)', () => {
    given(withdrawalQueueDecider, [paused]).when(pause).then([]);
  });

  it('is resumed by an operator; resuming a running queue changes nothing', () => {
    given(withdrawalQueueDecider, [paused]).when(resume).then([resumed]);
    expect(fold(withdrawalQueueDecider, [paused, resumed]).status).toBe('running');
    given(withdrawalQueueDecider, [paused, resumed]).when(resume).then([]);
    given(withdrawalQueueDecider).when(resume).then([]);
  });

  it('pauses again after a resume', () => {
    given(withdrawalQueueDecider, [paused, resumed]).when(pause).then([paused]);
  });
});
