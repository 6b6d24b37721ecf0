import { DEPOSIT_LABEL_MAX_CHARS, SCREENSHOT_CONTENT_TYPES, SCREENSHOT_MAX_BYTES, WITHDRAWAL_LABEL_MAX_CHARS } from './limits';
import { WALLET_CATALOGUE } from './wallet-catalogue';
import type { WalletTypeEntry } from './wallet-type';

/** A plain-JSON description of one wallet type for GET /v1/wallet-types (our API's field names). */
export interface WalletTypeView {
  walletType: string;
  displayName: string;
  currency: string;
  languages: string[];
  deposit: {
    labelMaxChars: number;
    activation: {
      kind: 'json-activate' | 'possible-transaction';
      contentType: 'application/json' | 'multipart/form-data';
      amount: { wholeUnitsOnly: boolean };
      transactionId: { pattern: string; rule: string };
      screenshot: { required: boolean; contentTypes: string[]; maxBytes: number } | null;
    };
  };
  withdrawal: {
    labelMaxChars: number;
    amount: { wholeUnitsOnly: true };
    accountNumber: { pattern: string; rule: string };
    accountName: { required: boolean; pattern: string; rule: string } | null;
    bankCode: { required: boolean; rule: string; allowed: string[] } | null;
  };
}

export function walletTypeView(entry: WalletTypeEntry): WalletTypeView {
  const manual = entry.activation.kind === 'possible-transaction';
  const w = entry.withdrawal;
  return {
    walletType: entry.walletType,
    displayName: entry.displayName,
    currency: entry.currency,
    languages: [...entry.languages],
    deposit: {
      labelMaxChars: DEPOSIT_LABEL_MAX_CHARS,
      activation: {
        kind: entry.activation.kind,
        contentType: manual ? 'multipart/form-data' : 'application/json',
        amount: { wholeUnitsOnly: entry.activation.amountKind === 'int' },
        transactionId: { ...entry.key1 },
        screenshot: manual ? { required: true, contentTypes: [...SCREENSHOT_CONTENT_TYPES], maxBytes: SCREENSHOT_MAX_BYTES } : null,
      },
    },
    withdrawal: {
      labelMaxChars: WITHDRAWAL_LABEL_MAX_CHARS,
      amount: { wholeUnitsOnly: true },
      accountNumber: { ...w.accountNumber },
      accountName: w.accountName ? { required: w.accountName.required, ...w.accountName.rule } : null,
      bankCode: w.bankCode ? { required: w.bankCode.required, rule: w.bankCode.rule, allowed: [...w.bankCode.allowed] } : null,
    },
  };
}

export function catalogueView(): WalletTypeView[] {
  return WALLET_CATALOGUE.map(walletTypeView);
}
