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
const dayLabel = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(5, 10);

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
        // One tick per day at most, labelled by its date: hours mean nothing on a daily series.
        axes: [{ space: 48, incrs: [86_400, 7 * 86_400, 28 * 86_400], values: (_, ticks) => ticks.map(dayLabel) }, { size: 70 }],
        series: [
          { label: 'Day', value: (_, seconds) => (seconds == null ? '--' : new Date(seconds * 1000).toISOString().slice(0, 10)) },
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
