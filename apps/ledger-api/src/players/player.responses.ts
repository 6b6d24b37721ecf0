import { ApiProperty } from '@nestjs/swagger';

export class BalanceLineDto {
  @ApiProperty({ type: String, example: 'INR' }) currency!: string;
  @ApiProperty({ type: String, example: '1200.50', description: 'spendable' }) available!: string;
  @ApiProperty({ type: String, example: '500.00', description: 'reserved by withdrawals in flight' }) held!: string;
  @ApiProperty({ type: String, example: '1700.50', description: 'available + held: what is owed to the player' }) total!: string;
}

export class PlayerBalancesDto {
  @ApiProperty({ type: String, example: 'player-42' }) label!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'the moment the balances are for' }) asOf!: string;
  @ApiProperty({ type: [BalanceLineDto], description: 'one line per currency the player has a wallet in' }) balances!: BalanceLineDto[];
}

export class LedgerEntryDto {
  @ApiProperty({ type: String }) entryId!: string;
  @ApiProperty({ type: String }) account!: string;
  @ApiProperty({ enum: ['available', 'held'] }) accountKind!: string;
  @ApiProperty({ type: String, example: 'INR' }) currency!: string;
  @ApiProperty({ type: String, example: '+100.00', description: 'what the posting did to that balance of the player' }) amount!: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) side!: string;
  @ApiProperty({ type: String, example: 'FundsCredited' }) eventType!: string;
  @ApiProperty({ type: String, description: 'the deposit or withdrawal id' }) reference!: string;
  @ApiProperty({ type: String }) walletType!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}
