import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsString } from 'class-validator';
import { ALL_WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '@kassa/ledger';
import { CheckedWith } from '../http/body-rules';
import { OptionalField } from '../http/optional-field';
import { MAX_DESCRIPTION_LENGTH, webhookEndpointBodyErrors } from './webhook-endpoint-rules';

const EVENT_TYPE_ENUM = [...WEBHOOK_EVENT_TYPES, ALL_WEBHOOK_EVENT_TYPES];
const URL_RULE = 'https on a public address (no loopback, private or link-local targets; checked again before each delivery); http and local addresses only with the sandbox or WEBHOOK_ALLOW_PRIVATE_URLS=true';

/** POST /v1/webhook-endpoints. */
@CheckedWith((body) => webhookEndpointBodyErrors(body, false))
export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://platform.example.com/hooks/kassa', description: URL_RULE })
  @IsString()
  url!: string;

  @ApiPropertyOptional({ type: [String], enum: EVENT_TYPE_ENUM, example: ['deposit.credited', 'withdrawal.succeeded'], description: 'the types to receive; ["*"] (the default) for all, including types added later' })
  @OptionalField()
  @IsArray()
  @IsString({ each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @OptionalField()
  @IsString()
  description?: string;
}

/** PATCH /v1/webhook-endpoints/{id}: the fields given change, the others stay. */
@CheckedWith((body) => webhookEndpointBodyErrors(body, true))
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ description: URL_RULE })
  @OptionalField()
  @IsString()
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: EVENT_TYPE_ENUM })
  @OptionalField()
  @IsArray()
  @IsString({ each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: 'true also re-enables an endpoint we disabled after 5 days of failures' })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH, description: 'an empty string removes it' })
  @OptionalField()
  @IsString()
  description?: string;
}

export class WebhookEndpointResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String], enum: EVENT_TYPE_ENUM }) eventTypes!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'set when we disabled the endpoint (every delivery failed for 5 days)' }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'since when every attempt failed; null after a success' }) failingSince!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'until when the secret before the last rotation also signs' }) previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** The create and rotate answers: the endpoint and its (new) secret, which no later answer repeats. */
export class WebhookEndpointWithSecretDto extends WebhookEndpointResponseDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the signing secret, shown this once (a replay of the same Idempotency-Key shows it again)' }) secret!: string;
}

export class DeletedWebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: [true] }) deleted!: true;
}
