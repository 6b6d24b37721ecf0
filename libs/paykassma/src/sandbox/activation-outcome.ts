import type { WalletTypeEntry } from '../catalogue/wallet-type';

export type SandboxActivationOutcome = 'fail' | 'pending' | 'possible_transaction_created' | 'ok' | 'success';

/**
 * The sandbox's deterministic answer, chosen by the LAST character of key1 (see SANDBOX.md):
 * JSON wallets: '0' fail, '1' pending, '2' possible_transaction_created, anything else ok.
 * Manual (possible-transaction) wallets only have two documented answers: '0' fail, anything else success.
 */
export function activationOutcome(entry: WalletTypeEntry, key1: string): SandboxActivationOutcome {
  const last = key1.slice(-1);
  if (last === '0') return 'fail';
  if (entry.activation.kind === 'possible-transaction') return 'success';
  if (last === '1') return 'pending';
  if (last === '2') return 'possible_transaction_created';
  return 'ok';
}
