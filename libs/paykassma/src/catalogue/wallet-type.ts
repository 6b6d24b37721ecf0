/**
 * The shape of one wallet catalogue entry. Everything that differs between Paykassma payment
 * systems lives in data of this shape, so a sixth wallet type is one more entry, not new code.
 */

/** A text rule: a regular expression plus the sentence we show when a value breaks it. */
export interface TextRule {
  /** Regular expression source, anchored (^…$). Kept as text so the catalogue serializes as JSON. */
  readonly pattern: string;
  /** Human rule for error messages and GET /v1/wallet-types, e.g. "11–12 digits". */
  readonly rule: string;
}

/** 'json-activate': POST /api/v1/transaction/activate (JSON); 'possible-transaction': multipart + screenshot. */
export type ActivationKind = 'json-activate' | 'possible-transaction';

/** How the activation endpoint wants `amount` on the wire. */
export type ActivationAmountKind = 'float' | 'int';

export interface WithdrawalRules {
  readonly accountNumber: TextRule;
  /** null: the wallet takes no account_name (sending one is a mistake we report). */
  readonly accountName: { readonly required: boolean; readonly rule: TextRule } | null;
  /** null: the wallet takes no bank_details.bank_code. Values are bank NAMES, matched exactly. */
  readonly bankCode: { readonly required: boolean; readonly allowed: readonly string[]; readonly rule: string } | null;
}

export interface WalletTypeEntry {
  readonly walletType: string;
  readonly displayName: string;
  readonly currency: string;
  /** Plugin `lang` values (ISO 639-1); the first is the default. */
  readonly languages: readonly string[];
  readonly activation: {
    readonly kind: ActivationKind;
    readonly amountKind: ActivationAmountKind;
  };
  /** The player's transaction number (`key1` on the wire, `transactionId` in our API). */
  readonly key1: TextRule;
  readonly withdrawal: WithdrawalRules;
}
