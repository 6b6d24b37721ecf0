/** A row that is in one side only (surrogate ids left out): the replay's or the live table's. */
export interface DifferingRow {
  readonly side: 'live_only' | 'replay_only';
  /** Every value as text (bigint amounts exact). */
  readonly row: Readonly<Record<string, string | null>>;
}

export interface TableComparison {
  readonly table: string;
  readonly projection: string;
  readonly liveRows: number;
  readonly replayRows: number;
  /** md5 of the rows as text in a total order, surrogate columns left out. */
  readonly liveHash: string;
  readonly replayHash: string;
  readonly equal: boolean;
  /** At most MAX_DIFFERING_ROWS per side. */
  readonly differingRows: DifferingRow[];
  /** Differing rows beyond the bound, not listed. */
  readonly differingRowsNotShown: number;
}

export interface VerifyResult {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly eventsReplayed: number;
  /** The checkpoint each projection was compared at ("commit/prepare"); the replay stopped there too. */
  readonly positions: Readonly<Record<string, string>>;
  readonly tables: TableComparison[];
  readonly driftedTables: string[];
}

export const MAX_DIFFERING_ROWS = 20;
