import { Controller, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { MAX_STATEMENT_BYTES, StatementImportService, type ReconciliationResult } from '@kassa/read-models';
import { mappingFinanceErrors } from './finance-errors';


/**
 * Statement import (docs/statement-format.md). multipart/form-data with the CSV in the field `file`:
 * the Idempotency-Key check hashes an uploaded file's bytes, so a reused key with another file is a
 * 422 and never a stale replay. 201 for a first import; 200 with `replayed: true` for a file
 * imported before (same sha256), whatever the Idempotency-Key.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@RequireScopes('finance')
@Controller('v1/reconciliation')
export class ReconciliationController {
  constructor(private readonly imports: StatementImportService) {}

  @Post('statements')
  @ApiOperation({ summary: 'Import a provider statement CSV: matched, missing in the ledger or at the provider, amount and status mismatches, malformed lines' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_STATEMENT_BYTES, files: 1 } }), IdempotencyInterceptor)
  async importStatement(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReconciliationResult> {
    if (file === undefined || file.size === 0) throw ApiError.validation([{ field: 'file', message: 'upload the statement CSV as multipart/form-data field "file"' }]);
    const result = await mappingFinanceErrors(() =>
      this.imports.import({ bytes: file.buffer, fileName: file.originalname || null, importedBy: request.apiKey.id }),
    );
    response.status(result.replayed ? 200 : 201);
    return result;
  }
}
