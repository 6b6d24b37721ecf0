import { useState } from 'preact/hooks';
import { call, getJson, query, type SettlementReport } from '../api';
import { addDays, daysBetween, mapLimited, today } from '../calendar';
import { Status } from '../status';
import { useLoad } from '../use-load';
import { sumDecimals } from '../money';
import { DailyChart, type DailySeries } from './daily-chart';

/** The chart asks the API for one report per day: a bound on the requests one view makes. */
const MAX_CHART_DAYS = 62;

interface Period {
  readonly from: string;
  /** Included by the form; the API's `to` is exclusive, so the next day is sent. */
  readonly to: string;
  readonly tz: string;
}

const ZONES = ['UTC', 'Asia/Manila', 'Asia/Kolkata', 'Asia/Karachi', 'Asia/Kathmandu', 'Asia/Colombo'];

const reportPath = (period: Period, format?: string) =>
  `/v1/reports/settlement?${query({ from: period.from, to: addDays(period.to, 1), tz: period.tz, format })}`;

export function SettlementPage() {
  const [form, setForm] = useState<Period>({ from: addDays(today(), -6), to: today(), tz: 'UTC' });
  const [period, setPeriod] = useState<Period>(form);
  const report = useLoad(() => getJson<SettlementReport>(reportPath(period)), [period]);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  async function download() {
    setDownloadError(null);
    try {
      const blob = await (await call(reportPath(period, 'csv'))).blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `settlement_${period.from}_${period.to}_${period.tz.replace('/', '-')}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setDownloadError((error as Error).message);
    }
  }

  return (
    <>
      <h1>Settlement</h1>
      <form class="card filters" onSubmit={(event) => (event.preventDefault(), setPeriod(form))}>
        <div><label for="from">From</label><input id="from" type="date" required value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} /></div>
        <div><label for="to">To (included)</label><input id="to" type="date" required value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} /></div>
        <div>
          <label for="tz">Time zone</label>
          <input id="tz" list="zones" required value={form.tz} onInput={(e) => setForm({ ...form, tz: e.currentTarget.value })} />
          <datalist id="zones">{ZONES.map((zone) => <option key={zone} value={zone} />)}</datalist>
        </div>
        <button type="submit">Show</button>
        <button type="button" class="secondary" onClick={download}>Download CSV</button>
      </form>
      {downloadError && <p role="alert" class="error">{downloadError}</p>}
      <section class="card" aria-labelledby="settlement-title">
        <h2 id="settlement-title">Per wallet type and currency, {period.from} to {period.to} ({period.tz})</h2>
        <Status loaded={report}>{(value) => <SettlementTable report={value} />}</Status>
      </section>
      <Status loaded={report}>{(value) => <Daily period={period} currencies={[...new Set(value.lines.map((line) => line.currency))]} />}</Status>
    </>
  );
}

function SettlementTable({ report }: { report: SettlementReport }) {
  if (report.lines.length === 0) return <p>No settled money in this period.</p>;
  return (
    <>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Wallet type</th><th scope="col">Currency</th><th scope="col" class="num">Deposits</th><th scope="col" class="num">Deposited</th>
              <th scope="col" class="num">Payouts</th><th scope="col" class="num">Paid out</th><th scope="col" class="num">Failed payouts</th><th scope="col" class="num">Net</th><th scope="col" class="num">USD (deposits)</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => (
              <tr key={`${line.walletType}-${line.currency}`}>
                <th scope="row">{line.walletType}</th><td>{line.currency}</td>
                <td class="num">{line.deposits.count}</td><td class="num">{line.deposits.sum}</td>
                <td class="num">{line.withdrawalsSucceeded.count}</td><td class="num">{line.withdrawalsSucceeded.sum}</td>
                <td class="num">{line.withdrawalsFailed.count} ({line.withdrawalsFailed.sum})</td>
                <td class="num"><strong>{line.net}</strong></td><td class="num">{line.usd.deposits}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.notes.length > 0 && <ul class="muted notes">{report.notes.map((note) => <li key={note}>{note}</li>)}</ul>}
    </>
  );
}

function Daily({ period, currencies }: { period: Period; currencies: string[] }) {
  const [currency, setCurrency] = useState(currencies[0] ?? '');
  const days = daysBetween(period.from, period.to);
  const tooLong = days.length > MAX_CHART_DAYS;
  const daily = useLoad(async () => {
    if (tooLong || currencies.length === 0) return [];
    return mapLimited(days, 4, (day) => getJson<SettlementReport>(reportPath({ from: day, to: day, tz: period.tz })));
  }, [period, tooLong, currencies.join()]);
  const selected = currencies.includes(currency) ? currency : currencies[0];
  return (
    <section class="card" aria-labelledby="daily-title">
      <h2 id="daily-title">Daily</h2>
      {currencies.length === 0 ? <p class="muted">Nothing to chart.</p> : tooLong ? <p class="muted">The daily chart covers at most {MAX_CHART_DAYS} days; choose a shorter period.</p> : (
        <>
          <label for="chart-currency">Currency</label>{' '}
          <select id="chart-currency" value={selected} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {currencies.map((code) => <option key={code} value={code}>{code}</option>)}
          </select>
          <Status loaded={daily}>
            {(reports) => {
              const lines = reports.map((report) => report.lines.filter((line) => line.currency === selected));
              const series: DailySeries = {
                currency: selected,
                days,
                deposits: lines.map((l) => sumDecimals(l.map((line) => line.deposits.sum))),
                withdrawals: lines.map((l) => sumDecimals(l.map((line) => line.withdrawalsSucceeded.sum))),
                net: lines.map((l) => sumDecimals(l.map((line) => line.net))),
              };
              return (
                <>
                  <DailyChart series={series} label={`Daily deposits, paid withdrawals and net in ${selected}, ${period.from} to ${period.to}`} />
                  <details>
                    <summary>The chart's numbers</summary>
                    <div class="scroll">
                      <table>
                        <thead><tr><th scope="col">Day</th><th scope="col" class="num">Deposits</th><th scope="col" class="num">Paid out</th><th scope="col" class="num">Net</th></tr></thead>
                        <tbody>{days.map((day, i) => <tr key={day}><th scope="row">{day}</th><td class="num">{series.deposits[i]}</td><td class="num">{series.withdrawals[i]}</td><td class="num">{series.net[i]}</td></tr>)}</tbody>
                      </table>
                    </div>
                  </details>
                </>
              );
            }}
          </Status>
        </>
      )}
    </section>
  );
}
