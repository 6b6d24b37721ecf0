import { useState } from 'preact/hooks';
import { getJson, query, type AuditTrail, type Deposit, type LookupResult, type PlayerBalances, type Withdrawal } from '../api';
import { href } from '../route';
import { Status, Time } from '../status';
import { useLoad } from '../use-load';
import { Timeline } from './timeline';

type Found = { kind: 'deposit'; value: Deposit } | { kind: 'withdrawal'; value: Withdrawal } | { kind: 'player'; value: string };

const keyOf = (found: Found) => `${found.kind}:${found.kind === 'player' ? found.value : found.value.id}`;

/** One id, label or provider transaction number → the objects it names, their state, balance and history. */
export function SearchPage({ params }: { params: URLSearchParams }) {
  const q = params.get('q') ?? '';
  const open = params.get('open');
  const [text, setText] = useState(q);
  const result = useLoad(async () => (q === '' ? null : getJson<LookupResult>(`/v1/lookup?${query({ q })}`)), [q]);
  return (
    <>
      <h1>Search</h1>
      <form role="search" class="card filters" onSubmit={(event) => (event.preventDefault(), (location.hash = href('search', { q: text.trim() })))}>
        <div class="grow">
          <label for="q">Deposit or withdrawal id, player label, or provider transaction number</label>
          <input id="q" type="search" required value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </div>
        <button type="submit">Search</button>
      </form>
      <Status loaded={result}>
        {(value) => {
          if (value === null) return null;
          const found: Found[] = [
            ...value.deposits.map((deposit): Found => ({ kind: 'deposit', value: deposit })),
            ...value.withdrawals.map((withdrawal): Found => ({ kind: 'withdrawal', value: withdrawal })),
            ...value.players.map((label): Found => ({ kind: 'player', value: label })),
          ];
          if (found.length === 0) return <p role="status" class="card">Nothing found for “{value.query}”.</p>;
          const selected = found.length === 1 ? found[0] : found.find((entry) => keyOf(entry) === open);
          return (
            <>
              {found.length > 1 && (
                <nav class="card" aria-label="Matches">
                  <h2>{found.length} matches</h2>
                  <ul class="plain">
                    {found.map((entry) => (
                      <li key={keyOf(entry)}>
                        <a href={href('search', { q, open: keyOf(entry) })} aria-current={selected === entry ? 'true' : undefined}>
                          {entry.kind} {entry.kind === 'player' ? entry.value : `${entry.value.id} (${entry.value.status}, ${entry.value.label})`}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              )}
              {selected && <ObjectView key={keyOf(selected)} found={selected} />}
            </>
          );
        }}
      </Status>
    </>
  );
}

function ObjectView({ found }: { found: Found }) {
  const label = found.kind === 'player' ? found.value : found.value.label;
  const auditPath =
    found.kind === 'player' ? `/v1/audit/players/${encodeURIComponent(found.value)}/events` : `/v1/audit/${found.kind}s/${encodeURIComponent(found.value.id)}/events`;
  const [showHistory, setShowHistory] = useState(false);
  return (
    <>
      <section class="card" aria-labelledby="object-title">
        <h2 id="object-title">{found.kind === 'player' ? `Player ${found.value}` : `${found.kind === 'deposit' ? 'Deposit' : 'Withdrawal'} ${found.value.id}`}</h2>
        {found.kind === 'deposit' && <DepositState deposit={found.value} />}
        {found.kind === 'withdrawal' && <WithdrawalState withdrawal={found.value} />}
      </section>
      <PlayerBalance label={label} />
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {showHistory ? <History path={auditPath} /> : <button type="button" onClick={() => setShowHistory(true)}>Show the timeline</button>}
      </section>
    </>
  );
}

function Facts({ rows }: { rows: [string, preact.ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([term, value]) => <div key={term}><dt>{term}</dt><dd>{value ?? '—'}</dd></div>)}
    </dl>
  );
}

function DepositState({ deposit }: { deposit: Deposit }) {
  return (
    <Facts rows={[
      ['Status', <strong class={`status-${deposit.status}`}>{deposit.status}</strong>],
      ['Player', <a href={href('search', { q: deposit.label })}>{deposit.label}</a>],
      ['Wallet type', deposit.walletType],
      ['Requested', deposit.amount === null ? null : `${deposit.amount} ${deposit.currency}`],
      ['Provider transaction', deposit.credit?.transactionId ?? deposit.activation.transactionId],
      ['Activation', deposit.activation.outcome],
      ['Credited', deposit.credit ? `${deposit.credit.amount} ${deposit.currency}` : null],
      ['Credited at', deposit.credit ? <Time iso={deposit.credit.creditedAt} /> : null],
      ['Opened', <Time iso={deposit.createdAt} />],
      ['Updated', <Time iso={deposit.updatedAt} />],
    ]} />
  );
}

function WithdrawalState({ withdrawal }: { withdrawal: Withdrawal }) {
  return (
    <Facts rows={[
      ['Status', <strong class={`status-${withdrawal.status}`}>{withdrawal.status}</strong>],
      ['Player', <a href={href('search', { q: withdrawal.label })}>{withdrawal.label}</a>],
      ['Wallet type', withdrawal.walletType],
      ['Amount', `${withdrawal.amount} ${withdrawal.currency}`],
      ['Attempts', String(withdrawal.attempts)],
      ['Requested', <Time iso={withdrawal.createdAt} />],
      ['Finished', <Time iso={withdrawal.finishedAt} />],
    ]} />
  );
}

/** `datetime-local` is read in the browser's zone and sent as an instant (the API wants a zone). */
function PlayerBalance({ label }: { label: string }) {
  const [moment, setMoment] = useState('');
  const [asOf, setAsOf] = useState<string | null>(null);
  const balances = useLoad(
    () => getJson<PlayerBalances>(`/v1/players/${encodeURIComponent(label)}/balances${asOf ? `?${query({ asOf })}` : ''}`),
    [label, asOf],
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section class="card" aria-labelledby="balance-title">
      <h2 id="balance-title">Balance of {label}</h2>
      <form class="filters" onSubmit={(event) => (event.preventDefault(), setAsOf(moment ? new Date(moment).toISOString() : null))}>
        <div>
          <label for="as-of">As of (your time, {zone}; empty: now)</label>
          <input id="as-of" type="datetime-local" step="1" value={moment} onInput={(event) => setMoment(event.currentTarget.value)} />
        </div>
        <button type="submit">Show balance</button>
      </form>
      <Status loaded={balances}>
        {(value) => (
          <>
            <div class="scroll">
              <table aria-label={`Balances of ${label}`}>
                <thead><tr><th scope="col">Currency</th><th scope="col" class="num">Available</th><th scope="col" class="num">Held</th><th scope="col" class="num">Total</th></tr></thead>
                <tbody>
                  {value.balances.map((line) => (
                    <tr key={line.currency} data-currency={line.currency}><th scope="row">{line.currency}</th><td class="num">{line.available}</td><td class="num">{line.held}</td><td class="num">{line.total}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
            {value.balances.length === 0 && <p class="muted">No money at that moment.</p>}
            <p class="muted">As of <Time iso={value.asOf} />.</p>
          </>
        )}
      </Status>
    </section>
  );
}

function History({ path }: { path: string }) {
  const trail = useLoad(() => getJson<AuditTrail>(path), [path]);
  return <Status loaded={trail}>{(value) => <Timeline events={value.events} />}</Status>;
}
