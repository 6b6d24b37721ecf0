import { ApiProperty } from '@nestjs/swagger';
import { DEPOSIT_STATUSES } from '@kassa/ledger';

const nullableText = { type: String, nullable: true } as const;
const nullableTime = { type: String, format: 'date-time', nullable: true } as const;

export class DepositActivationDto {
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ ...nullableText, description: "the player's transaction number of the latest activation (key1)" }) transactionId!: string | null;
  @ApiProperty({ ...nullableText, example: '500.00' }) amount!: string | null;
  @ApiProperty({ ...nullableText, description: "the provider's answer: ok, pending, possible_transaction_created, success, fail" }) outcome!: string | null;
  @ApiProperty(nullableText) message!: string | null;
  @ApiProperty(nullableText) providerAmount!: string | null;
  @ApiProperty(nullableTime) submittedAt!: string | null;
}

export class DepositCreditDto {
  @ApiProperty({ example: '500.00', description: "the postback's amount: what the player was credited" }) amount!: string;
  @ApiProperty(nullableText) expectedAmount!: string | null;
  @ApiProperty({ type: String }) walletType!: string;
  @ApiProperty({ type: String }) transactionId!: string;
  @ApiProperty({ type: String }) postbackId!: string;
  @ApiProperty({ ...nullableText, description: "USD equivalent from the postback's converted_amount" }) convertedUsd!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) creditedAt!: string;
}

export class DepositFlagsDto {
  @ApiProperty({ type: Boolean }) amountMismatch!: boolean;
  @ApiProperty({ type: Boolean }) transactionIdMismatch!: boolean;
  @ApiProperty({ type: Boolean }) walletTypeMismatch!: boolean;
  @ApiProperty({ type: Boolean }) unmatched!: boolean;
}

/** A deposit as GET /v1/deposits/{id} answers it. */
export class DepositDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DEPOSIT_STATUSES }) status!: string;
  @ApiProperty({ type: String, example: 'paytm' }) walletType!: string;
  @ApiProperty({ type: String, example: 'INR' }) currency!: string;
  @ApiProperty({ type: String, example: 'player-42' }) label!: string;
  @ApiProperty({ ...nullableText, example: '500.00', description: 'the requested amount, when one was given' }) amount!: string | null;
  @ApiProperty(nullableText) lang!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'boolean' }] },
    description: "the provider's wallet details (its params, as given): show them to the player",
  })
  walletDetails!: Record<string, string | boolean | null> | null;
  @ApiProperty({ ...nullableText, format: 'uri', description: "the provider's payment window for this order" }) paymentUrl!: string | null;
  @ApiProperty(nullableText) failureReason!: string | null;
  @ApiProperty({ type: DepositActivationDto }) activation!: DepositActivationDto;
  @ApiProperty({ type: DepositCreditDto, nullable: true }) credit!: DepositCreditDto | null;
  @ApiProperty({ type: DepositFlagsDto }) flags!: DepositFlagsDto;
  @ApiProperty({ type: 'integer' }) quarantinedCount!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}
