import { getJson, groupsOf, type ExceptionItem, type ExceptionsReport, type MaybePerMerchant } from '../api';
import { MerchantHeading } from '../merchant-picker';
import { Status, Time } from '../status';
import { useLoad } from '../use-load';
import { objectLink } from './exceptions';

/**
 * Withdrawals whose submission attempts ran out: funds held, outcome unknown. Finance reads them from
 * the exceptions report (its `withdrawal_parked` lines are the parked withdrawals as they are now);
 * an operator resubmits or resolves each with an admin key.
 */
export function ParkedPage() {
  const report = useLoad(() => getJson<MaybePerMerchant<ExceptionsReport>>('/v1/reports/exceptions'), []);
  return (
    <>
      <h1>Parked withdrawals</h1>
      <p class="muted">
        Sent to the provider until the attempts ran out without a clear answer: the player's funds stay held until an operator
        confirms the outcome with Paykassma and resubmits or resolves the withdrawal (admin endpoints).
      </p>
      <Status loaded={report}>
        {(answer) => groupsOf(answer).map(({ merchant, value }) => {
          const parked = value.items.filter((item) => item.category === 'withdrawal_parked');
          const total = value.counts.withdrawal_parked ?? 0;
          return (
            <section key={merchant ?? ''} class="card" aria-label={merchant === null ? 'Parked withdrawals' : `Parked withdrawals of ${merchant}`} data-merchant={merchant ?? undefined}>
              <MerchantHeading merchant={merchant} />
              {parked.length === 0 ? <p>No parked withdrawal.</p> : <ParkedTable merchant={merchant} items={parked} />}
              {total > parked.length && <p class="muted">{total} parked; only the first {parked.length} are listed.</p>}
            </section>
          );
        })}
      </Status>
    </>
  );
}

function ParkedTable({ merchant, items }: { merchant: string | null; items: ExceptionItem[] }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Parked since</th><th scope="col">Withdrawal</th><th scope="col">Player</th><th scope="col">Wallet</th>
            <th scope="col" class="num">Amount held</th><th scope="col" class="num">Attempts</th><th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.reference} data-withdrawal={item.reference}>
              <td><Time iso={item.at} /></td>
              <td><a href={objectLink(item.reference, merchant)}>{item.reference}</a></td>
              <td>{String(item.detail.label ?? '—')}</td>
              <td>{item.walletType ?? '—'}</td>
              <td class="num">{item.amount === null ? '—' : `${item.amount} ${item.currency}`}</td>
              <td class="num">{String(item.detail.attempts ?? '—')}</td>
              <td>{String(item.detail.lastError ?? '—')}{item.detail.outcomeUnknown === true && <span class="muted"> (outcome unknown)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
