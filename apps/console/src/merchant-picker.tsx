import type { ComponentChildren } from 'preact';
import type { KeyMerchants } from './api';

/** `*` in the selector and in `?merchant=`: every merchant the key reaches, one group each. */
export const ALL = '*';

/**
 * The merchant a key across merchants reads. Shown only for such a key: a merchant's own key reads its
 * merchant and nothing else, so there is nothing to choose.
 */
export function MerchantPicker({ merchants, chosen, onChoose }: { merchants: KeyMerchants; chosen: string; onChoose: (merchant: string) => void }) {
  return (
    <div class="picker">
      <label for="merchant">Merchant</label>
      <select id="merchant" value={chosen} onChange={(event) => onChoose(event.currentTarget.value)}>
        <option value={ALL}>All merchants</option>
        {merchants.data.map((merchant) => <option key={merchant.id} value={merchant.id}>{merchant.id}</option>)}
      </select>
    </div>
  );
}

/** Pages that work on one merchant's objects (settlement CSV, search, statements) ask for one. */
export function OneMerchant({ merchant, children }: { merchant: string | null; children: ComponentChildren }) {
  if (merchant !== ALL) return <>{children}</>;
  return <p role="status" class="card notice">This page works on one merchant at a time: choose one in the Merchant selector above.</p>;
}

/** A heading per merchant when an answer covers several (a key across merchants, "All merchants"). */
export function MerchantHeading({ merchant }: { merchant: string | null }) {
  return merchant === null ? null : <h3 class="merchant">{merchant}</h3>;
}
