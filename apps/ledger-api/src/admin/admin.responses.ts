import { ApiProperty } from '@nestjs/swagger';

const position = {
  type: 'object' as const,
  required: ['commit', 'prepare'],
  properties: { commit: { type: 'string' as const }, prepare: { type: 'string' as const } },
  description: 'a store position, as decimal strings',
};

export class SubscriptionStatusDto {
  @ApiProperty({ type: String, example: 'read-model.deposits' }) name!: string;
  @ApiProperty({ enum: ['projection', 'process-manager'] }) kind!: string;
  @ApiProperty({ type: String, description: 'whether this process runs it (leader) or waits' }) role!: string;
  @ApiProperty(position) checkpoint!: { commit: string; prepare: string };
  @ApiProperty(position) head!: { commit: string; prepare: string };
  @ApiProperty({ type: Boolean }) caughtUp!: boolean;
  @ApiProperty({ type: 'integer' }) lagEvents!: number;
  @ApiProperty({ type: Boolean, description: 'lagEvents is a lower bound (counting stops at a cap)' }) lagEventsCapped!: boolean;
  @ApiProperty({ type: 'integer' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

export class SubscriptionStatusesDto {
  @ApiProperty({ type: [SubscriptionStatusDto] }) data!: SubscriptionStatusDto[];
}

export class VerifiedTableDto {
  @ApiProperty({ type: String }) table!: string;
  @ApiProperty({ type: Boolean }) equal!: boolean;
  @ApiProperty({ type: 'integer' }) liveRows!: number;
  @ApiProperty({ type: 'integer' }) replayRows!: number;
}

export class VerifyRunDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ type: 'integer' }) eventsReplayed!: number;
  @ApiProperty({ type: [String] }) driftedTables!: string[];
  @ApiProperty({ type: [VerifiedTableDto] }) tables!: VerifiedTableDto[];
}

export class DeadLetterDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) subscriber!: string;
  @ApiProperty({ type: String }) eventId!: string;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: String }) eventType!: string;
  @ApiProperty(position) position!: { commit: string; prepare: string };
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) failedAt!: string;
}

export class DeadLettersDto {
  @ApiProperty({ type: [DeadLetterDto] }) data!: DeadLetterDto[];
}

export class DeadLetterRetryDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: Boolean, description: 'true: handled and removed; false: kept, with the new error' }) handled!: boolean;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}
