import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { validateDepositCreate } from '@kassa/paykassma';
import { CheckedWith } from '../http/body-rules';
import { OptionalField } from '../http/optional-field';

/** POST /v1/deposits. The wallet rules (catalogue) are checked after these type checks. */
@CheckedWith((body) => validateDepositCreate(body as { walletType: unknown; label: unknown }))
export class OpenDepositDto {
  @ApiProperty({ example: 'paytm', description: 'one of GET /v1/wallet-types' })
  @IsString()
  walletType!: string;

  @ApiProperty({ example: 'player-42', description: "the player's id on the merchant platform, at most 190 characters" })
  @IsString()
  label!: string;

  @ApiPropertyOptional({ example: '500.00', description: 'decimal string in major units; fixes the amount in the payment window' })
  @OptionalField()
  @IsString()
  amount?: string;

  @ApiPropertyOptional({ example: 'en', description: "one of the wallet type's languages" })
  @OptionalField()
  @IsString()
  lang?: string;
}

/** POST /v1/deposits/{id}/activation: JSON, or multipart/form-data with a screenshot for manual wallets. */
export class ActivationDto {
  @ApiProperty({ example: '47381113468', description: "the player's transaction number from the wallet app (key1)" })
  @IsString()
  transactionId!: string;

  @ApiProperty({ example: '500', description: 'decimal string; whole units for khalti_ml, esewa_ml and upay_manual' })
  @IsString()
  amount!: string;

  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'png or jpeg, at most 5 MB (manual wallets)' })
  @IsOptional()
  screenshot?: unknown;
}
