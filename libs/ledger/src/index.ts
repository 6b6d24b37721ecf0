export * from './money/money';

export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/event-values';
export * from './shared/stream-ids';
export * from './shared/postback-quarantined.event';

export * from './deposit/deposit.commands';
export * from './deposit/deposit.events';
export * from './deposit/deposit.state';
export * from './deposit/deposit.decider';
export * from './deposit/custom-transaction-id';
export * from './deposit/open-deposit.handler';
export * from './deposit/submit-activation.handler';
export * from './deposit/apply-deposit-postback';

export * from './wallet/wallet.commands';
export * from './wallet/wallet.events';
export * from './wallet/wallet.state';
export * from './wallet/wallet.decider';
export * from './wallet/wallet.reactions';
export * from './wallet/wallet-postings.process-manager';

export * from './withdrawal/withdrawal.commands';
export * from './withdrawal/withdrawal.events';
export * from './withdrawal/withdrawal.state';
export * from './withdrawal/withdrawal.decider';
export * from './withdrawal/hold-to-request';
export * from './withdrawal/request-withdrawal.handler';
export * from './withdrawal/apply-withdrawal-postback';
export * from './withdrawal/withdrawal-submitter';
export * from './withdrawal/withdrawal-submission.providers';
export * from './withdrawal/submission/withdrawal-submissions.migration';
export * from './withdrawal/submission/submission-settings';
export * from './withdrawal/submission/submit-withdrawal.handler';
export * from './withdrawal/submission/record-submission-answer.handler';
export * from './withdrawal/submission/park-withdrawal-submission.handler';
export * from './withdrawal/submission/submission-queue';
export * from './withdrawal/admin/resubmit-withdrawal.handler';
export * from './withdrawal/admin/resolve-withdrawal.handler';
export * from './withdrawal/queue/withdrawal-queue.events';
export * from './withdrawal/queue/withdrawal-queue.decider';
export * from './withdrawal/queue/withdrawal-queue-state';
export * from './withdrawal/queue/withdrawal-submission-status.query';
export * from './withdrawal/queue/pause-withdrawal-queue.handler';
export * from './withdrawal/queue/resume-withdrawal-queue.handler';

export * from './journal/journal';

export * from './application/execute-command';
export * from './application/ledger-context';

// testing/ (given/when/then) is test-only and uses jest's globals: import it by path from specs.
