import type { DepositState } from '../deposit/deposit.state';
import { assertNever } from '../shared/domain-error';
import { fromMinorString } from '../shared/event-values';
import type { DepositEvent } from '../deposit/deposit.events';
import type { SuspenseEvent } from '../suspense/suspense.events';
import type { SuspenseState } from '../suspense/suspense.decider';
import type { RequestWithdrawal } from '../withdrawal/withdrawal.commands';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import type { WithdrawalState } from '../withdrawal/withdrawal.state';
import type { HoldFunds, WalletCommand } from './wallet.commands';

/**
 * Which wallet effect follows which deposit or withdrawal event: the pure half of the process manager
 * that consumes the durable subscription. Every wallet command it yields is idempotent by its deposit or
 * withdrawal id, so redelivered events are harmless.
 */
export function walletCommandFor(event: DepositEvent | WithdrawalEvent | SuspenseEvent): WalletCommand | null {
  switch (event.type) {
    case 'SuspenseAssigned': {
      const { tenantId, label, currency, itemId, walletType, amountMinor } = event.data;
      return { type: 'CreditFromSuspense', data: { tenantId, label, currency, itemId, walletType, amountMinor: fromMinorString(amountMinor) } };
    }
    case 'DepositCredited': {
      const { tenantId, label, currency, depositId, walletType, amountMinor } = event.data;
      return { type: 'CreditDeposit', data: { tenantId, label, currency, depositId, walletType, amountMinor: fromMinorString(amountMinor) } };
    }
    case 'WithdrawalSucceeded': {
      const { tenantId, label, currency, withdrawalId } = event.data;
      return { type: 'SettleHeldFunds', data: { tenantId, label, currency, withdrawalId } };
    }
    case 'WithdrawalFailed':
    case 'WithdrawalRejected': {
      const { tenantId, label, currency, withdrawalId } = event.data;
      const reason = event.type === 'WithdrawalFailed' ? 'withdrawal_failed' : 'withdrawal_rejected';
      return { type: 'ReleaseHeldFunds', data: { tenantId, label, currency, withdrawalId, reason } };
    }
    case 'WithdrawalResolvedByOperator': {
      const { tenantId, label, currency, withdrawalId, outcome } = event.data;
      return outcome === 'succeeded'
        ? { type: 'SettleHeldFunds', data: { tenantId, label, currency, withdrawalId } }
        : { type: 'ReleaseHeldFunds', data: { tenantId, label, currency, withdrawalId, reason: 'withdrawal_failed' } };
    }
    case 'WalletDetailsIssued':
    case 'DepositCreationFailed':
    case 'ActivationSubmitted':
    case 'ActivationAccepted':
    case 'ActivationRejected':
    case 'ActivationAnswerUnknown':
    case 'UnmatchedDepositReceived':
    case 'PostbackReceived':
    case 'PostbackQuarantined':
    case 'WithdrawalRequested':
    case 'WithdrawalSubmitted':
    case 'WithdrawalSubmissionDeferred':
    case 'WithdrawalStatusUnrecognized':
    case 'WithdrawalSubmissionParked':
    case 'WithdrawalResubmitted':
    case 'SuspenseCredited':
      return null;
    default:
      return assertNever(event, 'event');
  }
}

/** The hold that must succeed on the wallet before RequestWithdrawal is decided (the balance check). */
export function holdFundsFor(request: RequestWithdrawal): HoldFunds {
  const { tenantId, label, currency, withdrawalId, walletType, accountNumber, amountMinor } = request.data;
  return { type: 'HoldFunds', data: { tenantId, label, currency, withdrawalId, walletType, accountNumber, amountMinor } };
}

/**
 * The wallet effect a deposit's state calls for: its credit, once it is credited. Written by the
 * postback in the same unit as the credit, and again by whoever finds it missing (idempotent by
 * deposit id), so a crash between the two appends is repaired by the next postback or the process manager.
 */
export function walletCommandForDeposit(state: DepositState): WalletCommand | null {
  if (state.status !== 'credited') return null;
  const { tenantId, label, currency, depositId, credit } = state;
  return { type: 'CreditDeposit', data: { tenantId, label, currency, depositId, walletType: credit.walletType, amountMinor: credit.amountMinor } };
}

/** The wallet effect an assigned suspense item calls for: its amount credited to the player it was given to. */
export function walletCommandForSuspense(state: SuspenseState): WalletCommand | null {
  if (state.status !== 'assigned' || state.label === null) return null;
  const { tenantId, label, currency, itemId, walletType, amountMinor } = state;
  return { type: 'CreditFromSuspense', data: { tenantId, label, currency, itemId, walletType, amountMinor } };
}

/** The wallet effect a withdrawal's final state calls for: settle the hold, or release it. */
export function walletCommandForWithdrawal(state: WithdrawalState): WalletCommand | null {
  if (state.status !== 'succeeded' && state.status !== 'failed' && state.status !== 'rejected') return null;
  const { tenantId, label, currency, withdrawalId } = state;
  if (state.status === 'succeeded') return { type: 'SettleHeldFunds', data: { tenantId, label, currency, withdrawalId } };
  return { type: 'ReleaseHeldFunds', data: { tenantId, label, currency, withdrawalId, reason: state.status === 'failed' ? 'withdrawal_failed' : 'withdrawal_rejected' } };
}
