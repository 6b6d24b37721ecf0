import { ApiProperty } from '@nestjs/swagger';

export class WebhookAttemptDto {
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ description: 'a resend by hand' }) manual!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'null when no answer came (timeout, connection refused, address refused)' }) httpStatus!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the first KB of the answer' }) responseExcerpt!: string | null;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ example: 'evt_…', description: 'the webhook-id header: the event id, the same on every attempt' }) webhookId!: string;
  @ApiProperty({ example: 'deposit.credited' }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) state!: string;
  @ApiProperty({ description: 'automatic attempts made' }) attemptCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ type: [WebhookAttemptDto], description: 'oldest first (the newest 100)' }) attempts!: WebhookAttemptDto[];
}
