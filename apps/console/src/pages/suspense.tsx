import { useEffect, useState } from 'preact/hooks';
import { call, getJson, query, type SuspenseItem, type SuspensePage as Page } from '../api';
import { href } from '../route';
import { Status, Time } from '../status';
import { useLoad } from '../use-load';

type Filter = 'open' | 'assigned';

/**
 * Money received for no order of ours, in the merchant's suspense account: the open items to assign
 * to a player, and the assigned ones with who gave them to whom. `?item=` opens that item's
 * assignment (the exceptions page links here).
 */
export function SuspensePage({ params }: { params: URLSearchParams }) {
  const [status, setStatus] = useState<Filter>(params.get('status') === 'assigned' ? 'assigned' : 'open');
  const [cursor, setCursor] = useState<string | null>(null);
  // Assigned from this page: the answer comes from the item's stream, the list from a read model that may trail it.
  const [assignedHere, setAssignedHere] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(params.get('item'));
  const linked = params.get('item');
  useEffect(() => {
    if (linked !== null) setSelected(linked);
  }, [linked]);
  const listed = useLoad(() => getJson<Page>(`/v1/suspense?${query({ status, cursor: cursor ?? undefined })}`), [status, cursor]);
  const show = (next: Filter) => (setStatus(next), setCursor(null));
  return (
    <>
      <h1>Suspense</h1>
      <p class="muted">Signed deposits for orders the ledger never opened. The money is the merchant’s until you assign it to a player; the label the provider sent is not signed, so it is only a hint.</p>
      <div class="card filters">
        <div>
          <label for="suspense-status">Show</label>
          <select id="suspense-status" value={status} onChange={(event) => show(event.currentTarget.value as Filter)}>
            <option value="open">Open items</option>
            <option value="assigned">Assigned items</option>
          </select>
        </div>
      </div>
      <Status loaded={listed}>
        {(page) => {
          const items = page.data.filter((item) => item.status !== 'open' || !assignedHere.has(item.id));
          return (
            <>
              {items.length === 0 ? <p class="card">No {status} items.</p> : (
                <div class="card scroll">
                  <table aria-label={status === 'open' ? 'Open suspense items' : 'Assigned suspense items'}>
                    <thead>
                      <tr>
                        <th scope="col">Credited</th><th scope="col">Wallet</th><th scope="col" class="num">Amount</th><th scope="col">Transaction</th>
                        <th scope="col">Unsigned label</th><th scope="col">{status === 'open' ? 'Action' : 'Assigned'}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((item) => (
                        <tr key={item.id} data-item={item.id}>
                          <td><Time iso={item.creditedAt} /></td>
                          <td>{item.walletType}</td>
                          <td class="num">{item.amount} {item.currency}</td>
                          <td><code>{item.transactionId}</code></td>
                          <td>{item.unsignedLabel ?? <span class="muted">—</span>}</td>
                          <td>
                            {item.status === 'open'
                              ? <button type="button" class="secondary" aria-label={`Assign ${item.amount} ${item.currency} of transaction ${item.transactionId}`} onClick={() => setSelected(item.id)}>Assign…</button>
                              : <>to <a href={href('search', { q: item.assignedTo ?? '' })}>{item.assignedTo}</a> by {item.assignedBy}, <Time iso={item.assignedAt} /></>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <p>
                {cursor !== null && <button type="button" class="secondary" onClick={() => setCursor(null)}>First page</button>}{' '}
                {page.nextCursor !== null && <button type="button" class="secondary" onClick={() => setCursor(page.nextCursor)}>Next page</button>}
              </p>
            </>
          );
        }}
      </Status>
      {selected !== null && <AssignItem key={selected} itemId={selected} onClose={() => setSelected(null)} onAssigned={(id) => setAssignedHere((ids) => new Set(ids).add(id))} />}
    </>
  );
}

/**
 * Two steps: the player's label, then a confirmation naming the amount and the player (the money
 * moves once and cannot be moved back). One Idempotency-Key per confirmed assignment, so sending it
 * again after a lost answer gets the stored answer instead of a second attempt.
 */
function AssignItem({ itemId, onClose, onAssigned }: { itemId: string; onClose: () => void; onAssigned: (id: string) => void }) {
  const item = useLoad(() => getJson<SuspenseItem>(`/v1/suspense/${encodeURIComponent(itemId)}`), [itemId]);
  const [label, setLabel] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<SuspenseItem | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);

  async function assign() {
    const key = idempotencyKey ?? crypto.randomUUID();
    setIdempotencyKey(key);
    setBusy(true);
    setError(null);
    try {
      const response = await call(`/v1/suspense/${encodeURIComponent(itemId)}/assign`, {
        method: 'POST',
        body: JSON.stringify({ label }),
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });
      setDone((await response.json()) as SuspenseItem);
      onAssigned(itemId);
    } catch (failure) {
      setError((failure as Error).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="assign-title">
      <h2 id="assign-title">Assign a suspense item</h2>
      <Status loaded={item}>
        {(value) => {
          if (done) {
            return (
              <>
                <p role="status" class="ok">Assigned {done.amount} {done.currency} to {done.assignedTo}.</p>
                <p><a href={href('search', { q: done.assignedTo ?? '' })}>See {done.assignedTo}’s balance</a> · <button type="button" class="secondary" onClick={onClose}>Close</button></p>
              </>
            );
          }
          if (value.status !== 'open') {
            return <p role="status">This item was assigned to {value.assignedTo} by {value.assignedBy} (<Time iso={value.assignedAt} />).</p>;
          }
          return (
            <>
              <p>{value.amount} {value.currency} received on {value.walletType}, transaction <code>{value.transactionId}</code>, <Time iso={value.creditedAt} />{value.unsignedLabel && <> — the unsigned label says <strong>{value.unsignedLabel}</strong></>}.</p>
              {!confirming ? (
                <form class="filters" onSubmit={(event) => (event.preventDefault(), setError(null), setConfirming(true))}>
                  <div class="grow">
                    <label for="assign-label">Player label</label>
                    <input id="assign-label" required maxLength={190} value={label} onInput={(event) => (setLabel(event.currentTarget.value), setIdempotencyKey(null))} />
                  </div>
                  <button type="submit" disabled={label.trim() === ''}>Review</button>
                  <button type="button" class="secondary" onClick={onClose}>Cancel</button>
                </form>
              ) : (
                <div role="group" aria-labelledby="assign-confirm">
                  <p id="assign-confirm" class="notice">Give <strong>{value.amount} {value.currency}</strong> to player <strong>{label}</strong>? The money moves once; it cannot be assigned again.</p>
                  <p class="filters">
                    <button type="button" disabled={busy} onClick={assign}>{busy ? 'Assigning…' : 'Confirm assignment'}</button>
                    <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>Back</button>
                  </p>
                </div>
              )}
              {error && <p role="alert" class="error">{error}</p>}
            </>
          );
        }}
      </Status>
    </section>
  );
}
