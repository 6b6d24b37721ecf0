import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { WITHDRAWAL_STATUSES } from '@kassa/ledger';
import { validateWithdrawal } from '@kassa/paykassma';
import { CheckedWith } from '../http/body-rules';
import { OptionalField } from '../http/optional-field';

/**
 * POST /v1/withdrawals. Only types are checked here; the wallet's own rules (label ≤ 36, whole-unit
 * amount, account number format, account name and bank where the wallet needs them and only there)
 * come from the catalogue through validateWithdrawal, each failure a 400 naming the field.
 */
@CheckedWith((body) => validateWithdrawal(body as { walletType: unknown; label: unknown; amount: unknown; accountNumber: unknown }))
export class RequestWithdrawalDto {
  @ApiProperty({ example: 'easypaisa', description: 'one of GET /v1/wallet-types' })
  @IsString()
  walletType!: string;

  @ApiProperty({ example: 'player-42', description: "the player's id on the merchant platform, at most 36 characters" })
  @IsString()
  label!: string;

  @ApiProperty({ example: '500', description: 'decimal string in major units, whole units only (the provider takes an integer)' })
  @IsString()
  amount!: string;

  @ApiProperty({ example: '03123456789', description: "the player's account at the wallet; format per wallet type" })
  @IsString()
  accountNumber!: string;

  @ApiPropertyOptional({ example: 'Ali Khan', description: 'required for easypaisa and upay_manual; refused for the others' })
  @OptionalField()
  @IsString()
  accountName?: string;

  @ApiPropertyOptional({ example: 'Nations Trust Bank', description: 'upay_manual only: a bank name from GET /v1/wallet-types' })
  @OptionalField()
  @IsString()
  bankCode?: string;
}

/** What the API answers for one withdrawal (the same shape from GET by id and from the list). */
export class WithdrawalResponseDto {
  @ApiProperty({ format: 'uuid', description: 'also the withdrawal_id sent to Paykassma' }) id!: string;
  @ApiProperty({ enum: WITHDRAWAL_STATUSES }) status!: string;
  @ApiProperty({ example: 'easypaisa' }) walletType!: string;
  @ApiProperty({ example: 'PKR' }) currency!: string;
  @ApiProperty({ example: 'player-42' }) label!: string;
  @ApiProperty({ example: '500.00', description: 'decimal string with the currency’s 2 decimals' }) amount!: string;
  @ApiProperty() accountNumber!: string;
  @ApiProperty({ nullable: true, type: String }) accountName!: string | null;
  @ApiProperty({ nullable: true, type: String }) bankCode!: string | null;
  @ApiProperty({ description: 'submission attempts recorded' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'the last transient submission error' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'when the submission is retried' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, description: "the provider's refusal: a string, or {field: [messages]}" }) providerMessage!: unknown;
  @ApiProperty({ nullable: true, type: Number, description: 'withdrawal_status of the applied postback (1 or 5)' }) providerStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) providerComment!: string | null;
  @ApiProperty() unrecognizedStatusCount!: number;
  @ApiProperty() quarantinedCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
}
