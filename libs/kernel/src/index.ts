// The shared kernel: values every lib may use (money, stream and merchant ids, the clock). It imports
// nothing of ours, so any lib can depend on it without depending on another lib.
export * from './money/money';
export * from './ids/stream-ids';
export * from './ids/suspense-item-id';
export * from './ids/transaction-number-mask';
export * from './clock/clock';
export * from './assert/invariant';
