import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEAD_LETTER_LIST_SCHEMA, DEAD_LETTER_RETRY_SCHEMA } from './admin-schemas';
import { DataSource } from 'typeorm';
import { listDeadLetters, ProcessManagerRunner } from '@kassa/event-store';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiProblems } from '../http/openapi/api-problems';

const ID = /^[1-9]\d{0,17}$/;

/** Work that ran out of retries (a process manager's event), listed and retried by operators (`admin` keys). */
@ApiTags('admin')
@RequireScopes('admin')
@Controller('v1/admin/dead-letters')
export class DeadLettersAdminController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly processManagers: ProcessManagerRunner,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, oldest first (at most 1,000)', operationId: 'listDeadLetters' })
  @ApiOkResponse({ schema: DEAD_LETTER_LIST_SCHEMA })
  async list() {
    const letters = await listDeadLetters(this.dataSource, undefined, 1_000);
    return {
      data: letters.map((letter) => ({
        id: letter.id,
        subscriber: letter.subscriber,
        eventId: letter.eventId,
        streamId: letter.streamId,
        eventType: letter.eventType,
        position: { commit: letter.position.commit.toString(), prepare: letter.position.prepare.toString() },
        attempts: letter.attempts,
        lastError: letter.lastError,
        failedAt: letter.failedAt.toISOString(),
      })),
    };
  }

  /** 200 with `handled: true` (removed) or `handled: false` and the new error (kept, attempt counted). */
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand a dead letter to its process manager once more', operationId: 'retryDeadLetter' })
  @ApiOkResponse({ schema: DEAD_LETTER_RETRY_SCHEMA })
  @ApiProblems(404)
  async retry(@Param('id') id: string) {
    if (!ID.test(id)) throw ApiError.notFound('Dead letter', id);
    const outcome = await this.processManagers.retryDeadLetter(id);
    if (outcome === undefined) throw ApiError.notFound('Dead letter', id);
    return { id, ...outcome };
  }
}
