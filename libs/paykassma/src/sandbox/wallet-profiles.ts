/**
 * What the sandbox answers per wallet: the create `params` exactly as the documentation's examples
 * (docs/paykassma.md §1.1) and the payer identifier its deposit postbacks carry (docs/paykassma.md §2). A wallet type with
 * no profile here still works, with a generic identifier.
 */
interface WalletProfile {
  readonly params: Readonly<Record<string, string | boolean | null>>;
  readonly exchangerIdentifier: string | null;
}

const PROFILES: Readonly<Record<string, WalletProfile>> = {
  paytm: { params: { identifier: '6234234234' }, exchangerIdentifier: '99xxxx6690' },
  easypaisa: { params: { identifier: '03919394039' }, exchangerIdentifier: '923139471223' },
  khalti_ml: { params: { 'Khalti Number': '9831842321' }, exchangerIdentifier: null },
  esewa_ml: { params: { 'eSewa Number': '9831842321', is_check_amount: null }, exchangerIdentifier: null },
  upay_manual: {
    params: { 'Account number': '066013529665120', 'Bank name': 'Seylan [Mathugama]', 'Holder name': 'K A PALITHA', is_check_amount: null },
    exchangerIdentifier: null,
  },
};

const GENERIC: WalletProfile = { params: { identifier: '0000000000' }, exchangerIdentifier: null };

export function walletProfile(walletType: string): WalletProfile {
  return PROFILES[walletType] ?? GENERIC;
}
