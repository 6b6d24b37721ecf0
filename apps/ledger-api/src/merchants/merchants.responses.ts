import { ApiProperty } from '@nestjs/swagger';

/** The key that asked: who it is, what it may do, and which merchant it is bound to (`*` for all). */
export class CallerKeyDto {
  @ApiProperty({ type: String, example: 'audit' }) id!: string;
  @ApiProperty({ type: [String], example: ['finance'] }) scopes!: string[];
  @ApiProperty({ type: String, example: '*', description: 'The merchant id the key belongs to, or * for a key across merchants' }) merchant!: string;
}

/** A merchant the key may read: its id and the zone of its provider's timestamps (not a secret). */
export class MerchantDto {
  @ApiProperty({ type: String, example: 'brand-b' }) id!: string;
  @ApiProperty({ type: String, example: 'Asia/Manila' }) timeZone!: string;
}

export class MerchantsDto {
  @ApiProperty({ type: CallerKeyDto }) key!: CallerKeyDto;
  @ApiProperty({ type: [MerchantDto], description: "The key's own merchant, or every configured merchant for a key across merchants" }) data!: MerchantDto[];
}
