import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { DEPOSIT_LABEL_MAX_CHARS } from '@kassa/paykassma';
import { SUSPENSE_ITEM_STATUSES } from '@kassa/read-models';
import type { FieldError } from '../http/api-error';
import { CheckedWith } from '../http/body-rules';

/** The player a suspense item is given to: a label as a deposit's (1 to 190 characters). */
export function assignmentErrors(body: { label?: unknown }): FieldError[] {
  const { label } = body;
  if (label === undefined || label === null || label === '') return [{ field: 'label', message: 'is required' }];
  if (typeof label !== 'string') return [{ field: 'label', message: 'must be a string' }];
  if ([...label].length > DEPOSIT_LABEL_MAX_CHARS) return [{ field: 'label', message: `must be at most ${DEPOSIT_LABEL_MAX_CHARS} characters` }];
  return [];
}

/** POST /v1/suspense/{id}/assign. */
@CheckedWith((body) => assignmentErrors(body))
export class AssignSuspenseDto {
  @ApiProperty({ example: 'player-42', description: "the player's id on the merchant platform (as a deposit's label), at most 190 characters" })
  @IsString()
  label!: string;
}

/** A suspense item as the API shows it (the list, one item, the assignment's answer). */
export class SuspenseItemResponseDto {
  @ApiProperty({ format: 'uuid', description: 'derived from the merchant and the provider transaction: every repeat of the postback names the same item' }) id!: string;
  @ApiProperty({ enum: SUSPENSE_ITEM_STATUSES }) status!: string;
  @ApiProperty({ example: 'default' }) merchant!: string;
  @ApiProperty({ example: 'paytm' }) walletType!: string;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ example: '250.00', description: 'decimal string with the currency’s 2 decimals' }) amount!: string;
  @ApiProperty({ example: '66600011122', description: "the provider's transaction number (key1)" }) transactionId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the label the postback carried; it is not signed, so it is only a hint' }) unsignedLabel!: string | null;
  @ApiProperty({ format: 'date-time' }) creditedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the player it was assigned to' }) assignedTo!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) assignedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the API key id that assigned it' }) assignedBy!: string | null;
  @ApiProperty({ description: 'signed repeats of its provider transaction with other facts, kept aside (never applied)' }) quarantinedCount!: number;
  @ApiProperty({ description: 'the version of the item’s stream: a later state has a higher one' }) version!: number;
}
