import type { ReconciliationResult } from './reconciliation-result';
import type { MalformedLine } from './statement-line';
import type { LinesOutcome } from './statement-matcher';

type Lists = Pick<ReconciliationResult, 'matched' | 'missingInLedger' | 'missingAtProvider' | 'amountMismatches' | 'statusMismatches' | 'malformed'>;
type ListName = keyof Lists;

/**
 * The answer of an import, built batch by batch: every line is counted, each list keeps its first
 * `listLimit` entries (in file order), so the answer's size does not grow with the file.
 */
export class ReconciliationCollector {
  private readonly lists: { [name in ListName]: Lists[name][number][] } = {
    matched: [],
    missingInLedger: [],
    missingAtProvider: [],
    amountMismatches: [],
    statusMismatches: [],
    malformed: [],
  };
  private readonly counts: Record<ListName, number> = { matched: 0, missingInLedger: 0, missingAtProvider: 0, amountMismatches: 0, statusMismatches: 0, malformed: 0 };
  private dataLines = 0;

  constructor(readonly listLimit: number) {}

  addLines(outcome: LinesOutcome, malformed: readonly MalformedLine[], dataLines: number): void {
    this.add('matched', outcome.matched);
    this.add('missingInLedger', outcome.missingInLedger);
    this.add('amountMismatches', outcome.amountMismatches);
    this.add('statusMismatches', outcome.statusMismatches);
    this.add('malformed', malformed);
    this.dataLines += dataLines;
  }

  addMissingAtProvider(items: Lists['missingAtProvider']): void {
    this.add('missingAtProvider', items);
  }

  get truncated(): boolean {
    return (Object.keys(this.counts) as ListName[]).some((name) => this.counts[name] > this.lists[name].length);
  }

  totals(): ReconciliationResult['totals'] {
    return { dataLines: this.dataLines, ...this.counts };
  }

  entries(): Lists {
    return this.lists as Lists;
  }

  private add<Name extends ListName>(name: Name, items: readonly Lists[Name][number][]): void {
    this.counts[name] += items.length;
    const room = this.listLimit - this.lists[name].length;
    if (room > 0) (this.lists[name] as Lists[Name][number][]).push(...items.slice(0, room));
  }
}
