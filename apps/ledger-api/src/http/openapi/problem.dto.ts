import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'amount', description: 'the field, query parameter or header, dotted for nested fields' }) field!: string;
  @ApiProperty({ example: 'must have at most 2 decimal places for INR' }) message!: string;
}

/** The one error shape (RFC 9457 problem details) every 4xx and 5xx answer carries. */
export class ProblemDto {
  @ApiProperty({ example: 'https://kassa-ledger.dev/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'The request is not valid', description: 'for people; may be reworded' }) title!: string;
  @ApiProperty({ type: 'integer', example: 400 }) status!: number;
  @ApiProperty({ example: 'amount: must have at most 2 decimal places for INR', description: 'for people; may be reworded' }) detail!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable: program against this (VALIDATION_FAILED, NOT_FOUND, INSUFFICIENT_FUNDS, …)' }) code!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'with VALIDATION_FAILED: every broken field' }) errors?: FieldErrorDto[];
}
