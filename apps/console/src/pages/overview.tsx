import { getJson, getReadiness, groupsOf, type BalanceTotals, type ExceptionsReport, type MaybePerMerchant, type Readiness } from '../api';
import { MerchantHeading } from '../merchant-picker';
import { href } from '../route';
import { Status, Time } from '../status';
import { useLoad } from '../use-load';

/** What the ledger owes players, what needs a look, and whether the read side is current. */
export function OverviewPage() {
  const totals = useLoad(() => getJson<MaybePerMerchant<BalanceTotals>>('/v1/reports/balances'), []);
  const exceptions = useLoad(() => getJson<MaybePerMerchant<ExceptionsReport>>('/v1/reports/exceptions'), []);
  const readiness = useLoad(getReadiness, []);
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="balances-title" class="card">
        <h2 id="balances-title">Player balances by merchant and currency</h2>
        <p class="muted">In suspense: received for no order of ours, not yet assigned to a player (not part of the total).</p>
        <Status loaded={totals}>
          {(answer) => groupsOf(answer).map(({ merchant, value }) => (
            <div key={merchant ?? ''} data-merchant={merchant ?? undefined}>
              <MerchantHeading merchant={merchant} />
              <div class="scroll">
                <table aria-label={merchant === null ? 'Balances by currency' : `Balances of ${merchant} by currency`}>
                  <thead><tr><th scope="col">Currency</th><th scope="col" class="num">Wallets</th><th scope="col" class="num">Available</th><th scope="col" class="num">Held</th><th scope="col" class="num">Total</th><th scope="col" class="num">In suspense</th></tr></thead>
                  <tbody>
                    {value.currencies.map((line) => (
                      <tr key={line.currency} data-currency={line.currency}>
                        <th scope="row">{line.currency}</th><td class="num">{line.wallets}</td><td class="num">{line.available}</td><td class="num">{line.held}</td><td class="num">{line.total}</td><td class="num">{line.suspense === '0.00' ? line.suspense : <a href={href('suspense', merchant === null ? {} : { m: merchant })}>{line.suspense}</a>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {value.currencies.length === 0 && <p class="muted">No player wallet yet.</p>}
              <p class="muted">As of <Time iso={value.asOf} /> (the balances read model).</p>
            </div>
          ))}
        </Status>
      </section>
      <div class="columns">
        <section aria-labelledby="exceptions-title" class="card">
          <h2 id="exceptions-title">Exceptions</h2>
          <Status loaded={exceptions}>
            {(answer) => groupsOf(answer).map(({ merchant, value }) => {
              const open = Object.entries(value.counts).filter(([, count]) => count > 0);
              const parked = value.counts.withdrawal_parked ?? 0;
              return (
                <div key={merchant ?? ''}>
                  <MerchantHeading merchant={merchant} />
                  {open.length === 0 ? <p>Nothing to look at.</p> : (
                    <ul class="plain">
                      {open.map(([category, count]) => (
                        <li key={category}><a href={href('exceptions', { category })}>{category.replaceAll('_', ' ')}</a>: <strong>{count}</strong></li>
                      ))}
                    </ul>
                  )}
                  <p><a href={href('parked')}>Parked withdrawals</a>: <strong data-parked-count>{parked}</strong></p>
                </div>
              );
            })}
          </Status>
        </section>
        <section aria-labelledby="verify-title" class="card">
          <h2 id="verify-title">Last verify</h2>
          <Status loaded={exceptions}>
            {(answer) => groupsOf(answer).map(({ merchant, value }) => (
              <div key={merchant ?? ''}>
                <MerchantHeading merchant={merchant} />
                {value.lastVerify === null ? <p>No verify run yet (<code>ledger-cli verify</code>).</p> : (
                  <p>
                    <span class={value.lastVerify.ok ? 'ok' : 'error'}>{value.lastVerify.ok ? 'Read models equal the replay' : `Drift in ${value.lastVerify.driftedTables.join(', ')}`}</span>
                    {' '}— finished <Time iso={value.lastVerify.finishedAt} />
                  </p>
                )}
              </div>
            ))}
          </Status>
        </section>
        <section aria-labelledby="lag-title" class="card">
          <h2 id="lag-title">Projection lag</h2>
          <Status loaded={readiness}>{(value) => <ProjectionLag readiness={value} />}</Status>
        </section>
      </div>
    </>
  );
}

function ProjectionLag({ readiness }: { readiness: Readiness }) {
  const projections = readiness.checks.projections;
  if (!projections) return <p class="muted">/ready reports no projections.</p>;
  if (projections.status !== 'up') return <p class="error">{projections.reason ?? 'projections are behind'}</p>;
  const subscriptions = Object.entries(projections.subscriptions ?? {});
  return (
    <div class="scroll">
      <table>
        <thead><tr><th scope="col">Projection</th><th scope="col" class="num">Events behind</th><th scope="col">State</th></tr></thead>
        <tbody>
          {subscriptions.map(([name, status]) => (
            <tr key={name}><th scope="row">{name}</th><td class="num">{status.pendingEvents}</td><td>{status.caughtUp ? 'caught up' : status.role}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
