import { useState } from 'preact/hooks';
import { call, type ReconciliationResult, type StatementLineRef } from '../api';
import { href } from '../route';
import { Time } from '../status';

/** Upload a provider statement CSV (docs/statement-format.md) and read the reconciliation. */
export function StatementsPage() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReconciliationResult | null>(null);

  async function upload(event: Event) {
    event.preventDefault();
    if (file === null) return;
    setBusy(true);
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const response = await call('/v1/reconciliation/statements', { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } });
      setResult((await response.json()) as ReconciliationResult);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Statements</h1>
      <form class="card filters" onSubmit={upload}>
        <div class="grow">
          <label for="statement">Provider statement (CSV)</label>
          <input id="statement" type="file" accept=".csv,text/csv" required onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)} />
        </div>
        <button type="submit" disabled={busy || file === null}>{busy ? 'Uploading…' : 'Reconcile'}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {result && <Result result={result} />}
    </>
  );
}

function Result({ result }: { result: ReconciliationResult }) {
  const t = result.totals;
  return (
    <>
      <section class="card" aria-labelledby="result-title">
        <h2 id="result-title">{result.fileName ?? 'Statement'}{result.replayed ? ' (imported before: the stored answer)' : ''}</h2>
        <p class="muted">Imported <Time iso={result.importedAt} />, {t.dataLines} lines.</p>
        {result.truncated && <p role="status" class="notice">Each list below shows its first {result.listLimit} entries; the totals count every line. Import smaller files to see every entry.</p>}
        <ul class="totals">
          <li><strong>{t.matched}</strong> matched</li>
          <li class={t.amountMismatches ? 'error' : ''}><strong>{t.amountMismatches}</strong> amount mismatches</li>
          <li class={t.statusMismatches ? 'error' : ''}><strong>{t.statusMismatches}</strong> status mismatches</li>
          <li class={t.missingInLedger ? 'error' : ''}><strong>{t.missingInLedger}</strong> missing in the ledger</li>
          <li class={t.missingAtProvider ? 'error' : ''}><strong>{t.missingAtProvider}</strong> missing at the provider</li>
          <li class={t.malformed ? 'error' : ''}><strong>{t.malformed}</strong> malformed</li>
        </ul>
      </section>
      <Lines title="Amount mismatches" lines={result.amountMismatches} />
      <Lines title="Status mismatches" lines={result.statusMismatches} />
      <Lines title="Missing in the ledger" lines={result.missingInLedger} />
      {result.missingAtProvider.length > 0 && (
        <section class="card" aria-labelledby="missing-provider-title">
          <h2 id="missing-provider-title">Missing at the provider</h2>
          <div class="scroll">
            <table>
              <thead><tr><th scope="col">Ledger object</th><th scope="col">Direction</th><th scope="col">Wallet</th><th scope="col">Status</th><th scope="col" class="num">Amount</th></tr></thead>
              <tbody>
                {result.missingAtProvider.map((item) => (
                  <tr key={item.ledger.id}><td><a href={href('search', { q: item.ledger.id })}>{item.ledger.id}</a></td><td>{item.direction}</td><td>{item.walletType}</td><td>{item.ledger.status}</td><td class="num">{item.ledger.amount} {item.ledger.currency}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {result.malformed.length > 0 && (
        <section class="card" aria-labelledby="malformed-title">
          <h2 id="malformed-title">Malformed lines</h2>
          <ul class="plain">{result.malformed.map((line) => <li key={line.line}>line {line.line}: {line.message}</li>)}</ul>
        </section>
      )}
      <Lines title="Matched" lines={result.matched} collapsed />
    </>
  );
}

function Lines({ title, lines, collapsed = false }: { title: string; lines: StatementLineRef[]; collapsed?: boolean }) {
  if (lines.length === 0) return null;
  const table = (
    <div class="scroll">
      <table aria-label={title}>
        <thead><tr><th scope="col" class="num">Line</th><th scope="col">Reference</th><th scope="col">Wallet</th><th scope="col" class="num">Statement</th><th scope="col" class="num">Ledger</th><th scope="col">Statement status</th><th scope="col">Ledger status</th></tr></thead>
        <tbody>
          {lines.map((line) => (
            <tr key={`${line.line}-${line.reference}`}>
              <td class="num">{line.line}</td>
              <td>{line.ledger ? <a href={href('search', { q: line.ledger.id })}>{line.reference}</a> : <code>{line.reference}</code>}</td>
              <td>{line.walletType}</td>
              <td class="num">{line.amount} {line.currency}</td>
              <td class="num">{line.ledger ? `${line.ledger.amount ?? '—'} ${line.ledger.currency}` : '—'}</td>
              <td>{line.status}</td>
              <td>{line.ledger?.status ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const id = `lines-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <section class="card" aria-labelledby={id}>
      {collapsed ? <details><summary><h2 id={id} class="inline-heading">{title} ({lines.length})</h2></summary>{table}</details> : <><h2 id={id}>{title} ({lines.length})</h2>{table}</>}
    </section>
  );
}
