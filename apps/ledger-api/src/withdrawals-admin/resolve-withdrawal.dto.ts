import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** POST /v1/admin/withdrawals/{id}/resolve: the outcome confirmed with Paykassma, and why. */
export class ResolveWithdrawalDto {
  @ApiProperty({ enum: ['succeeded', 'failed'], description: 'succeeded settles the held funds; failed returns them to available' })
  @IsIn(['succeeded', 'failed'])
  outcome!: 'succeeded' | 'failed';

  @ApiProperty({ example: 'Paykassma support confirmed payout 85858053 as paid (ticket 4711)', description: '1–500 characters, kept in the audit trail' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class WithdrawalQueuePauseDto {
  @ApiProperty({ example: 'Invalid signature' }) reason!: string;
  @ApiProperty({ example: 5 }) refusals!: number;
  @ApiProperty({ format: 'uuid', description: 'the withdrawal whose refusal completed the run' }) withdrawalId!: string;
  @ApiProperty({ format: 'date-time' }) pausedAt!: string;
}

/** GET /v1/admin/withdrawal-queue. */
export class WithdrawalQueueDto {
  @ApiProperty({ enum: ['running', 'paused'] }) state!: 'running' | 'paused';
  @ApiProperty({ type: WithdrawalQueuePauseDto, nullable: true }) pause!: WithdrawalQueuePauseDto | null;
  @ApiProperty({ description: 'PAYKASSMA_PAUSE_AFTER_REFUSALS' }) pauseAfterRefusals!: number;
  @ApiProperty({ description: 'withdrawals waiting to be sent or retried' }) queued!: number;
  @ApiProperty({ description: 'withdrawals whose attempts ran out (funds held, outcome unknown)' }) parked!: number;
}
