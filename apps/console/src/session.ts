/** The finance key lives in sessionStorage: this browser tab only, gone when the tab closes. */
const KEY = 'kassa.console.financeKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function rememberKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
