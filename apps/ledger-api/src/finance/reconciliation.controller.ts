import { Controller, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotent } from '../http/openapi/api-idempotency';
import { ApiProblems } from '../http/openapi/api-problems';
import { ReconciliationResultDto } from './finance.responses';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { ImportStatementFileCommand } from '@kassa/infrastructure';
import { MAX_STATEMENT_BYTES, type ReconciliationResult } from '@kassa/read-models';
import { merchantOf } from '../auth/request-merchant';
import { mappingFinanceErrors } from './finance-errors';


/**
 * Statement import (docs/statement-format.md). multipart/form-data with the CSV in the field `file`:
 * the Idempotency-Key check hashes an uploaded file's bytes, so a reused key with another file is a
 * 422 and never a stale replay. 201 for a first import; 200 with `replayed: true` for a file
 * imported before (same sha256), whatever the Idempotency-Key.
 */
@ApiTags('reconciliation')
@RequireScopes('finance')
@Controller('v1/reconciliation')
export class ReconciliationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('statements')
  @ApiOperation({ operationId: 'importStatement', summary: 'Import a provider statement CSV: matched, missing in the ledger or at the provider, amount and status mismatches, malformed lines' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: ReconciliationResultDto, description: 'A first import of this file' })
  @ApiOkResponse({ type: ReconciliationResultDto, description: 'The file was imported before: the stored answer, replayed: true' })
  @ApiProblems(400, 413)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_STATEMENT_BYTES, files: 1 } }), IdempotencyInterceptor)
  async importStatement(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReconciliationResult> {
    if (file === undefined || file.size === 0) throw ApiError.validation([{ field: 'file', message: 'upload the statement CSV as multipart/form-data field "file"' }]);
    const result = await mappingFinanceErrors(() =>
      this.commandBus.execute<ImportStatementFileCommand, ReconciliationResult>(
        new ImportStatementFileCommand(merchantOf(request), { bytes: file.buffer, fileName: file.originalname || null, importedBy: request.apiKey.id }),
      ),
    );
    response.status(result.replayed ? 200 : 201);
    return result;
  }
}
