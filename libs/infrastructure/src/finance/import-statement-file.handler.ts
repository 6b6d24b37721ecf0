import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ReconciliationResult, StatementFile } from '@kassa/read-models';
import { StatementImports } from './statement-imports';

/** Import one provider statement for one merchant and reconcile it against the ledger. */
export class ImportStatementFileCommand {
  constructor(
    readonly merchantId: string,
    readonly file: StatementFile,
    /** Lines done so far (the CLI's progress line); the API passes none. */
    readonly onProgress?: (linesDone: number, linesTotal: number | null) => void,
  ) {}
}

/**
 * The one way a statement is imported, from the API and the CLI alike. It writes the reconciliation
 * tables, not the event store: a statement is finance's record of what the provider says, and it
 * never changes a balance.
 */
@CommandHandler(ImportStatementFileCommand)
export class ImportStatementFileHandler implements ICommandHandler<ImportStatementFileCommand, ReconciliationResult> {
  constructor(private readonly imports: StatementImports) {}

  execute({ merchantId, file, onProgress }: ImportStatementFileCommand): Promise<ReconciliationResult> {
    return this.imports.for(merchantId).import(file, onProgress);
  }
}
