// The shared kernel's values, re-exported: the ledger's API speaks in them.
export * from '@kassa/kernel';

export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/event-values';
export * from './shared/postback-quarantined.event';

export * from './deposit/deposit.commands';
export * from './deposit/deposit.events';
export * from './deposit/deposit.state';
export * from './deposit/deposit.status';
export * from './deposit/deposit.decider';
export * from './deposit/deposit-wallet';
export * from './deposit/custom-transaction-id';
export * from './deposit/open-deposit.handler';
export * from './deposit/submit-activation.handler';
export * from './deposit/apply-deposit-postback';
export * from './deposit/apply-deposit-postback.handler';
export * from './deposit/provider-transaction.decider';

export * from './wallet/wallet.commands';
export * from './wallet/wallet.events';
export * from './wallet/wallet.state';
export * from './wallet/wallet.decider';
export * from './wallet/wallet.reactions';
export * from './wallet/post-wallet-effect.handler';
export * from './wallet/wallet-postings.process-manager';
export * from './wallet/current-balances.query';

export * from './withdrawal/withdrawal.commands';
export * from './withdrawal/withdrawal.events';
export * from './withdrawal/withdrawal.state';
export * from './withdrawal/withdrawal.status';
export * from './withdrawal/withdrawal.decider';
export * from './withdrawal/hold-to-request';
export * from './withdrawal/request-withdrawal.handler';
export * from './withdrawal/request-withdrawal-from-hold.handler';
export * from './withdrawal/apply-withdrawal-postback';
export * from './withdrawal/apply-withdrawal-postback.handler';
export * from './withdrawal-submission/withdrawal-submitter';
export * from './withdrawal-submission/withdrawal-submission.providers';
export * from './withdrawal-submission/withdrawal-submissions.migration';
export * from './withdrawal-submission/submission-settings';
export * from './withdrawal-submission/submit-withdrawal.handler';
export * from './withdrawal-submission/record-submission-answer.handler';
export * from './withdrawal-submission/park-withdrawal-submission.handler';
export * from './withdrawal-submission/submission-queue';
export * from './withdrawal-submission/admin/resubmit-withdrawal.handler';
export * from './withdrawal-submission/admin/resolve-withdrawal.handler';
export * from './withdrawal-submission/queue/withdrawal-queue.events';
export * from './withdrawal-submission/queue/withdrawal-queue.decider';
export * from './withdrawal-submission/queue/withdrawal-queue-state';
export * from './withdrawal-submission/queue/withdrawal-submission-status.query';
export * from './withdrawal-submission/queue/pause-withdrawal-queue.handler';
export * from './withdrawal-submission/queue/resume-withdrawal-queue.handler';

export * from './suspense/suspense.commands';
export * from './suspense/suspense.events';
export * from './suspense/suspense.decider';
export * from './suspense/assign-suspense.handler';

export * from './webhook-endpoint/webhook-event-types';
export * from './webhook-endpoint/webhook-endpoint.state';
export * from './webhook-endpoint/webhook-endpoint.commands';
export * from './webhook-endpoint/webhook-endpoint.decider';
export * from './webhook-endpoint/webhook-endpoint.handlers';
export * from './webhook-endpoint/webhook-endpoints.migration';
export * from './webhook-endpoint/webhook-url';
export * from './webhook-endpoint/blocked-addresses';
export * from './webhook-delivery/webhook-deliveries.migration';
export * from './webhook-delivery/webhook-delivery-settings';
export * from './webhook-delivery/webhook-delivery.providers';
export * from './webhook-delivery/webhook-delivery-worker';
export * from './webhook-delivery/webhook-fan-out';
export * from './webhook-delivery/send-webhook.handler';
export * from './webhook-delivery/retry-schedule';
export * from './webhook-delivery/webhook-signature';
export * from './webhook-delivery/webhook-sender';

export * from './journal/journal';

export * from './application/execute-command';
export * from './application/ledger-context';
export * from './application/merchant-directory';
export * from './application/payment-provider';
export * from './application/unit-of-work';

// testing/ (given/when/then) is test-only and uses jest's globals: import it by path from specs.
