import { UPAY_MANUAL_BANKS } from './upay-banks';
import type { TextRule, WalletTypeEntry } from './wallet-type';

/** Ten-digit payout account used by paytm, khalti_ml and esewa_ml. */
const TEN_DIGITS: TextRule = { pattern: '^\\d{10}$', rule: 'exactly 10 digits' };

/**
 * The five Paykassma payment systems we support (docs/paykassma.md §2). Adding a sixth is
 * one more entry here; every validator, the sandbox and GET /v1/wallet-types read this list.
 */
export const WALLET_CATALOGUE: readonly WalletTypeEntry[] = [
  {
    walletType: 'paytm',
    displayName: 'PayTM',
    currency: 'INR',
    languages: ['en', 'hi'],
    activation: { kind: 'json-activate', amountKind: 'float' },
    key1: { pattern: '^\\d{11,12}$', rule: '11–12 digits' },
    withdrawal: { accountNumber: TEN_DIGITS, accountName: null, bankCode: null },
  },
  {
    walletType: 'easypaisa',
    displayName: 'Easypaisa',
    currency: 'PKR',
    // The old v5 page lists only en; current pages list en and ur.
    languages: ['en', 'ur'],
    activation: { kind: 'json-activate', amountKind: 'float' },
    key1: { pattern: '^\\d{11}$', rule: 'exactly 11 digits' },
    withdrawal: {
      accountNumber: { pattern: '^03\\d{9}$', rule: '11 digits in the format 03XXXXXXXXX' },
      accountName: {
        required: true,
        // Docs: "at most 30, Latin letters only"; their own example has spaces ("Muhammad Saqib Mushtaq").
        rule: { pattern: '^(?=.*[A-Za-z])[A-Za-z ]{1,30}$', rule: 'at most 30 Latin letters and spaces' },
      },
      bankCode: null,
    },
  },
  {
    walletType: 'khalti_ml',
    displayName: 'Khalti Manual',
    currency: 'NPR',
    languages: ['en', 'ne'],
    activation: { kind: 'possible-transaction', amountKind: 'int' },
    key1: { pattern: '^[A-Za-z0-9]{20,28}$', rule: '20–28 letters and digits' },
    withdrawal: { accountNumber: TEN_DIGITS, accountName: null, bankCode: null },
  },
  {
    walletType: 'esewa_ml',
    displayName: 'eSewa Manual',
    currency: 'NPR',
    languages: ['en', 'ne'],
    activation: { kind: 'possible-transaction', amountKind: 'int' },
    key1: { pattern: '^[A-Za-z0-9]{6,8}$', rule: '6–8 letters and digits' },
    withdrawal: { accountNumber: TEN_DIGITS, accountName: null, bankCode: null },
  },
  {
    walletType: 'upay_manual',
    displayName: 'Upay Manual',
    currency: 'LKR',
    languages: ['en', 'si'],
    activation: { kind: 'possible-transaction', amountKind: 'int' },
    key1: { pattern: '^[A-Za-z0-9-]{1,16}$', rule: 'at most 16 letters, digits and hyphens' },
    withdrawal: {
      accountNumber: { pattern: '^\\d+$', rule: 'digits 0-9 only' },
      accountName: { required: true, rule: { pattern: '^(?=.*\\S)[^\\r\\n]+$', rule: "the account holder's name" } },
      bankCode: { required: true, allowed: UPAY_MANUAL_BANKS, rule: 'a bank name from the Upay Manual bank list (exact spelling)' },
    },
  },
];

export function findWalletType(walletType: string): WalletTypeEntry | undefined {
  return WALLET_CATALOGUE.find((entry) => entry.walletType === walletType);
}

export class UnknownWalletTypeError extends Error {
  constructor(readonly walletType: string) {
    super(`unknown wallet type "${walletType}"`);
    this.name = 'UnknownWalletTypeError';
  }
}

export function getWalletType(walletType: string): WalletTypeEntry {
  const entry = findWalletType(walletType);
  if (!entry) throw new UnknownWalletTypeError(walletType);
  return entry;
}

export function walletTypeNames(): string[] {
  return WALLET_CATALOGUE.map((entry) => entry.walletType);
}
