/** Provider limits that are the same for every wallet (docs/paykassma.md §1.1, §4.1 and rule 9 of §6; docs/api.md). */
export const DEPOSIT_LABEL_MAX_CHARS = 190;
export const WITHDRAWAL_LABEL_MAX_CHARS = 36;
export const WITHDRAWAL_ID_MAX_CHARS = 36;
export const CUSTOM_TRANSACTION_ID_MAX_CHARS = 190;
/** Our own limit on activation screenshots (docs/api.md, Deposits): png or jpeg, at most 5 MB. */
export const SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024;
export const SCREENSHOT_CONTENT_TYPES: readonly string[] = ['image/png', 'image/jpeg'];
