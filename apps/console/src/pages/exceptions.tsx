import { getJson, groupsOf, type ExceptionItem, type ExceptionsReport, type MaybePerMerchant } from '../api';
import { MerchantHeading } from '../merchant-picker';
import { href, useRoute } from '../route';
import { Status, Time } from '../status';
import { useLoad } from '../use-load';

const title = (category: string) => category.replaceAll('_', ' ');

/** The exceptions report by category; each line links to its deposit or withdrawal, or to an open suspense item's assignment. */
export function ExceptionsPage() {
  const report = useLoad(() => getJson<MaybePerMerchant<ExceptionsReport>>('/v1/reports/exceptions'), []);
  const only = useRoute().params.get('category');
  return (
    <>
      <h1>Exceptions</h1>
      <Status loaded={report}>
        {(answer) => groupsOf(answer).map(({ merchant, value }) => {
          const categories = Object.entries(value.counts).filter(([category, count]) => count > 0 && (only === null || category === only));
          const id = (category: string) => `category-${merchant ?? 'own'}-${category}`;
          return (
            <div key={merchant ?? ''}>
              <MerchantHeading merchant={merchant} />
              <p class="muted">Judged at <Time iso={value.asOf} />. {only && <a href={href('exceptions')}>Show every category</a>}</p>
              {categories.length === 0 && <p class="card">Nothing to look at.</p>}
              {categories.map(([category, count]) => (
                <section key={category} class="card" aria-labelledby={id(category)}>
                  <h2 id={id(category)}>{title(category)} <span class="badge">{count}</span></h2>
                  <ExceptionList merchant={merchant} items={value.items.filter((item) => item.category === category)} />
                  {count > value.items.filter((item) => item.category === category).length && <p class="muted">Only the first lines of this category are listed.</p>}
                </section>
              ))}
            </div>
          );
        })}
      </Status>
    </>
  );
}

function ExceptionList({ merchant, items }: { merchant: string | null; items: ExceptionItem[] }) {
  return (
    <div class="scroll">
      <table>
        <thead><tr><th scope="col">When</th><th scope="col">Object</th><th scope="col">Wallet</th><th scope="col" class="num">Amount</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.category}-${item.reference}-${item.at}`}>
              <td><Time iso={item.at} /></td>
              <td><ObjectLink item={item} merchant={merchant} /></td>
              <td>{item.walletType ?? '—'}</td>
              <td class="num">{item.amount === null ? '—' : `${item.amount} ${item.currency}`}</td>
              <td><Detail detail={item.detail} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Deposits and withdrawals open in Search; an open suspense item opens its assignment (at its merchant). */
function ObjectLink({ item, merchant }: { item: ExceptionItem; merchant: string | null }) {
  if (item.links.assign) {
    return <a href={href('suspense', merchant === null ? { item: item.reference } : { item: item.reference, m: merchant })}>Assign suspense item {item.reference}</a>;
  }
  if (item.links.audit) return <a href={objectLink(item.reference, merchant)}>{item.reference}</a>;
  return <code>{item.reference}</code>;
}

function Detail({ detail }: { detail: Record<string, unknown> }) {
  // Minor-unit amounts are shown once, as the decimals the report puts next to them.
  const entries = Object.entries(detail).filter(
    ([key, value]) => value !== null && value !== undefined && !(key.endsWith('AmountMinor') && key.replace(/Minor$/, '') in detail),
  );
  return (
    <dl class="inline">
      {entries.map(([key, value]) => (
        <div key={key}><dt>{key}</dt><dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd></div>
      ))}
    </dl>
  );
}

/** The search page for one object; from a list of every merchant it also switches to the object's merchant. */
export function objectLink(reference: string, merchant: string | null): string {
  return href('search', merchant === null ? { q: reference } : { q: reference, m: merchant });
}
