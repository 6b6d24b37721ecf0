import { ApiProperty } from '@nestjs/swagger';

const rule = { type: 'object' as const, required: ['pattern', 'rule'], properties: { pattern: { type: 'string' as const }, rule: { type: 'string' as const } } };

/** One payment system of GET /v1/wallet-types, with the rules every field is checked against. */
export class WalletTypeDto {
  @ApiProperty({ type: String, example: 'paytm' }) walletType!: string;
  @ApiProperty({ type: String, example: 'Paytm' }) displayName!: string;
  @ApiProperty({ type: String, example: 'INR' }) currency!: string;
  @ApiProperty({ type: [String], example: ['en', 'hi'] }) languages!: string[];
  @ApiProperty({
    type: 'object',
    properties: {
      labelMaxChars: { type: 'integer' },
      activation: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['json-activate', 'possible-transaction'] },
          contentType: { type: 'string', enum: ['application/json', 'multipart/form-data'] },
          amount: { type: 'object', properties: { wholeUnitsOnly: { type: 'boolean' } } },
          transactionId: rule,
          screenshot: {
            type: 'object',
            nullable: true,
            properties: { required: { type: 'boolean' }, contentTypes: { type: 'array', items: { type: 'string' } }, maxBytes: { type: 'integer' } },
          },
        },
      },
    },
  })
  deposit!: object;
  @ApiProperty({
    type: 'object',
    properties: {
      labelMaxChars: { type: 'integer' },
      amount: { type: 'object', properties: { wholeUnitsOnly: { type: 'boolean' } } },
      accountNumber: rule,
      accountName: { type: 'object', nullable: true, properties: { required: { type: 'boolean' }, pattern: { type: 'string' }, rule: { type: 'string' } } },
      bankCode: {
        type: 'object',
        nullable: true,
        properties: { required: { type: 'boolean' }, rule: { type: 'string' }, allowed: { type: 'array', items: { type: 'string' } } },
      },
    },
  })
  withdrawal!: object;
}

export class WalletTypesDto {
  @ApiProperty({ type: [WalletTypeDto] }) data!: WalletTypeDto[];
}
