import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface DailySeries {
  readonly currency: string;
  readonly days: string[];
  /** Decimal strings per day (exact in the table; drawn as floats, which a chart can afford). */
  readonly deposits: string[];
  readonly withdrawals: string[];
  readonly net: string[];
}

const toSeconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The days are calendar dates of the report's zone: drawn on a UTC axis so no local shift moves them. */
export function DailyChart({ series, label }: { series: DailySeries; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current!;
    const width = () => Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        scales: { x: { time: true } },
        axes: [{}, { size: 70 }],
        series: [
          { label: 'Day' },
          { label: `Deposits (${series.currency})`, stroke: '#1f6feb', width: 2 },
          { label: `Withdrawals paid (${series.currency})`, stroke: '#c2410c', width: 2 },
          { label: `Net (${series.currency})`, stroke: '#15803d', width: 2, dash: [6, 4] },
        ],
      },
      [series.days.map(toSeconds), series.deposits.map(Number), series.withdrawals.map(Number), series.net.map(Number)],
      element,
    );
    const resized = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [series]);
  return <div ref={host} role="img" aria-label={label} class="chart" />;
}
