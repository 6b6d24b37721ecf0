import { ApiExtraModels, ApiProperty, type ApiResponseSchemaHost, getSchemaPath } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '@kassa/ledger';
import { DepositDto } from '../deposits/deposit.responses';
import { SuspenseItemResponseDto } from '../suspense/suspense.dto';
import { WithdrawalResponseDto } from '../withdrawals/withdrawal.dto';

/** One event: the body a webhook carries, byte for byte the same object the feed lists. */
@ApiExtraModels(DepositDto, WithdrawalResponseDto, SuspenseItemResponseDto)
export class WebhookEventDto {
  @ApiProperty({ type: String, example: 'evt_0c6f3a7e5b1d4a7f9e2b8c1d0a3f5e7b', description: 'the same for every delivery of this event, and across rebuilds' })
  id!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) type!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the change was recorded' }) createdAt!: string;
  @ApiProperty({ type: String, example: 'default', description: 'the merchant the object belongs to' }) merchant!: string;

  @ApiProperty({
    description:
      'The object after the change, as its GET answers it (deposit.* a deposit, withdrawal.* a withdrawal, suspense.* a suspense item), ' +
      'plus `version`: the object’s version after this change. Keep the highest version you have seen: events are not promised in order.',
    allOf: [
      { oneOf: [{ $ref: getSchemaPath(DepositDto) }, { $ref: getSchemaPath(WithdrawalResponseDto) }, { $ref: getSchemaPath(SuspenseItemResponseDto) }] },
      { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 0 } } },
    ],
  })
  data!: Record<string, unknown>;
}

/** The answer's schema: `{data, nextCursor, hasMore}`. */
export const EVENT_FEED_SCHEMA: ApiResponseSchemaHost['schema'] = {
  type: 'object',
  required: ['data', 'nextCursor', 'hasMore'],
  properties: {
    data: { type: 'array', items: { $ref: getSchemaPath(WebhookEventDto) } },
    nextCursor: {
      type: 'string',
      nullable: true,
      description: 'pass as ?after= to continue: the last event’s id on this page, else the after you gave (null: the feed is empty so far)',
    },
    hasMore: { type: 'boolean', description: 'more events follow now; false: caught up (poll again later with nextCursor)' },
  },
};
