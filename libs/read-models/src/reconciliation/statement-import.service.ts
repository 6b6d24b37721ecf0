import { createHash } from 'node:crypto';
import type { SqlRunner } from '../shared/sql-runner';
import { loadLedgerSide } from './ledger-items.query';
import type { ReconciliationResult } from './reconciliation-result';
import { matchStatement } from './statement-matcher';
import { parseStatement } from './statement-parser';
import { statementPeriod } from './statement-period';

export interface StatementImportSettings {
  readonly tenantId: string;
  readonly providerTimeZone: string;
  readonly walletTypes: readonly string[];
}

export interface StatementFile {
  readonly bytes: Buffer;
  readonly fileName: string | null;
  /** The API key id, or `ledger-cli`. */
  readonly importedBy: string;
}

/**
 * Import = parse, match against the read models, store the answer under the file's sha256.
 * A file seen before returns its stored answer (replayed: true) without being matched again: the
 * answer is a record of what the ledger said at the first import. Two concurrent first imports of
 * one file both compute; the primary key keeps the first, and both answer with it.
 */
export class StatementImportService {
  constructor(
    private readonly sql: SqlRunner,
    private readonly settings: StatementImportSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async import(file: StatementFile, onProgress?: (linesDone: number, linesTotal: number) => void): Promise<ReconciliationResult> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const stored = await this.stored(sha256);
    if (stored !== null) return { ...stored, replayed: true };

    const parsed = parseStatement(file.bytes, { providerTimeZone: this.settings.providerTimeZone, walletTypes: this.settings.walletTypes });
    onProgress?.(parsed.lines.length + parsed.malformed.length, parsed.dataLines);
    const period = statementPeriod(parsed.lines, this.settings.providerTimeZone);
    const ledger = await loadLedgerSide(this.sql, this.settings.tenantId, parsed.lines, period);
    const outcome = matchStatement(parsed.lines, ledger);
    const result: ReconciliationResult = {
      importId: sha256,
      fileName: file.fileName,
      importedAt: this.clock().toISOString(),
      replayed: false,
      period,
      totals: {
        dataLines: parsed.dataLines,
        matched: outcome.matched.length,
        missingInLedger: outcome.missingInLedger.length,
        missingAtProvider: outcome.missingAtProvider.length,
        amountMismatches: outcome.amountMismatches.length,
        statusMismatches: outcome.statusMismatches.length,
        malformed: parsed.malformed.length,
      },
      ...outcome,
      malformed: parsed.malformed,
    };
    await this.sql.query(
      `INSERT INTO statement_imports (tenant_id, sha256, file_name, size_bytes, imported_by, imported_at, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (tenant_id, sha256) DO NOTHING`,
      [this.settings.tenantId, sha256, file.fileName, file.bytes.length, file.importedBy, result.importedAt, JSON.stringify(result)],
    );
    const kept = await this.stored(sha256);
    if (kept === null) throw new Error(`statement import ${sha256} was not stored`);
    return kept.importedAt === result.importedAt ? result : { ...kept, replayed: true };
  }

  private async stored(sha256: string): Promise<ReconciliationResult | null> {
    const rows = await this.sql.query<{ result: ReconciliationResult }[]>('SELECT result FROM statement_imports WHERE tenant_id = $1 AND sha256 = $2', [
      this.settings.tenantId,
      sha256,
    ]);
    return rows[0]?.result ?? null;
  }
}
