/** The finance key lives in sessionStorage: this browser tab only, gone when the tab closes. */
const KEY = 'kassa.console.financeKey';
/** The merchant a key across merchants reads (`*`: all of them); for this tab only, like the key. */
const MERCHANT = 'kassa.console.merchant';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function rememberKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(MERCHANT);
}

/** Null: the key belongs to one merchant and the API knows which; no `?merchant=` is sent. */
export function storedMerchant(): string | null {
  return sessionStorage.getItem(MERCHANT);
}

export function rememberMerchant(merchant: string | null): void {
  if (merchant === null) sessionStorage.removeItem(MERCHANT);
  else sessionStorage.setItem(MERCHANT, merchant);
}
