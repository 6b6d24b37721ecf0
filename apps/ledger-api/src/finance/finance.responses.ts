import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXCEPTION_CATEGORIES } from '@kassa/read-models';
import { DepositDto } from '../deposits/deposit.responses';
import { WithdrawalResponseDto } from '../withdrawals/withdrawal.dto';

const nullableText = { type: String, nullable: true } as const;
/** Lines whose shape is documented in prose (docs/statement-format.md, docs/api.md): objects with their own fields. */
const openObject = { type: 'object', additionalProperties: true } as const;

export class CountAndSumDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: String, example: '1200.50' }) sum!: string;
}

export class SettlementUsdDto {
  @ApiProperty({ type: String, example: '14.40' }) deposits!: string;
  @ApiProperty({ type: 'integer', description: 'credited deposits whose postback carried no USD figure' }) depositsWithoutUsd!: number;
  @ApiProperty({ type: String, nullable: true, description: 'always null: withdrawal postbacks carry no USD figure' }) withdrawalsSucceeded!: null;
}

export class SettlementLineDto {
  @ApiProperty({ type: String }) walletType!: string;
  @ApiProperty({ type: String }) currency!: string;
  @ApiProperty({ type: CountAndSumDto }) deposits!: CountAndSumDto;
  @ApiProperty({ type: CountAndSumDto }) withdrawalsSucceeded!: CountAndSumDto;
  @ApiProperty({ type: CountAndSumDto }) withdrawalsFailed!: CountAndSumDto;
  @ApiProperty({ type: String, description: 'credited deposits minus succeeded withdrawals' }) net!: string;
  @ApiProperty({ type: SettlementUsdDto }) usd!: SettlementUsdDto;
}

export class SettlementPeriodDto {
  @ApiProperty({ type: String, format: 'date-time' }) from!: string;
  @ApiProperty({ type: String, format: 'date-time' }) to!: string;
  @ApiProperty({ type: String, example: 'Asia/Manila' }) timeZone!: string;
}

export class SettlementReportDto {
  @ApiProperty({ type: SettlementPeriodDto }) period!: SettlementPeriodDto;
  @ApiProperty({ type: [SettlementLineDto] }) lines!: SettlementLineDto[];
  @ApiProperty({ type: [String] }) notes!: string[];
}

export class ExceptionItemDto {
  @ApiProperty({ enum: EXCEPTION_CATEGORIES }) category!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty(nullableText) stream!: string | null;
  @ApiProperty({ type: String, description: 'the deposit or withdrawal id, the inbox id, or the verify run id' }) reference!: string;
  @ApiProperty(nullableText) walletType!: string | null;
  @ApiProperty(nullableText) currency!: string | null;
  @ApiProperty({ ...nullableText, description: 'decimal string in the currency' }) amount!: string | null;
  @ApiProperty(openObject) detail!: Record<string, unknown>;
  @ApiProperty({ type: 'object', properties: { audit: { type: 'string' }, view: { type: 'string' }, assign: { type: 'string' }, deliveries: { type: 'string' } } }) links!: { audit?: string; view?: string; assign?: string; deliveries?: string };
}

export class LastVerifyDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiProperty({ type: [String] }) driftedTables!: string[];
}

export class ExceptionsReportDto {
  @ApiProperty({ type: 'object', properties: { from: { type: 'string', nullable: true }, to: { type: 'string', nullable: true } } }) period!: { from: string | null; to: string | null };
  @ApiProperty({ type: String, format: 'date-time' }) asOf!: string;
  @ApiProperty({
    type: 'object',
    properties: { awaitingConfirmationMinutes: { type: 'integer' }, withdrawalResultMinutes: { type: 'integer' } },
  })
  thresholds!: { awaitingConfirmationMinutes: number; withdrawalResultMinutes: number };
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'items per category' }) counts!: Record<string, number>;
  @ApiProperty({ type: [ExceptionItemDto] }) items!: ExceptionItemDto[];
  @ApiProperty({ type: LastVerifyDto, nullable: true }) lastVerify!: LastVerifyDto | null;
}

export class ReconciliationTotalsDto {
  @ApiProperty({ type: 'integer' }) dataLines!: number;
  @ApiProperty({ type: 'integer' }) matched!: number;
  @ApiProperty({ type: 'integer' }) missingInLedger!: number;
  @ApiProperty({ type: 'integer' }) missingAtProvider!: number;
  @ApiProperty({ type: 'integer' }) amountMismatches!: number;
  @ApiProperty({ type: 'integer' }) statusMismatches!: number;
  @ApiProperty({ type: 'integer' }) malformed!: number;
}

export class ReconciliationResultDto {
  @ApiProperty({ type: String, description: "sha256 of the file's bytes" }) importId!: string;
  @ApiProperty(nullableText) fileName!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) importedAt!: string;
  @ApiProperty({ type: Boolean, description: 'the file was imported before: the stored answer' }) replayed!: boolean;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { from: { type: 'string' }, to: { type: 'string' }, providerTimeZone: { type: 'string' } },
  })
  period!: { from: string; to: string; providerTimeZone: string } | null;
  @ApiProperty({ type: ReconciliationTotalsDto }) totals!: ReconciliationTotalsDto;
  @ApiProperty({ type: 'integer' }) listLimit!: number;
  @ApiProperty({ type: Boolean }) truncated!: boolean;
  @ApiProperty({ type: 'array', items: openObject }) matched!: object[];
  @ApiProperty({ type: 'array', items: openObject }) missingInLedger!: object[];
  @ApiProperty({ type: 'array', items: openObject }) missingAtProvider!: object[];
  @ApiProperty({ type: 'array', items: openObject }) amountMismatches!: object[];
  @ApiProperty({ type: 'array', items: openObject }) statusMismatches!: object[];
  @ApiProperty({ type: 'array', items: openObject }) malformed!: object[];
}

export class AuditEventMetadataDto {
  @ApiProperty({ type: String }) tenantId!: string;
  @ApiPropertyOptional({ type: String, description: 'the API request (X-Request-Id) or postback' }) correlationId?: string;
  @ApiPropertyOptional({ type: String }) causationId?: string;
  @ApiPropertyOptional({ type: String, description: 'an API key id, paykassma, or a process' }) actor?: string;
}

export class AuditEventDto {
  @ApiProperty({ type: String }) eventId!: string;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: 'integer' }) streamVersion!: number;
  @ApiProperty({ type: 'object', properties: { commit: { type: 'string' }, prepare: { type: 'string' } }, required: ['commit', 'prepare'] })
  position!: { commit: string; prepare: string };
  @ApiProperty({ type: String, example: 'FundsCredited' }) type!: string;
  @ApiProperty(openObject) data!: Record<string, unknown>;
  @ApiProperty({ type: AuditEventMetadataDto }) metadata!: AuditEventMetadataDto;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}

export class AuditTrailDto {
  @ApiProperty({ type: [String] }) streams!: string[];
  @ApiProperty({ type: [AuditEventDto] }) events!: AuditEventDto[];
}

export class BalanceTotalLineDto {
  @ApiProperty({ type: String }) currency!: string;
  @ApiProperty({ type: 'integer' }) wallets!: number;
  @ApiProperty({ type: String }) available!: string;
  @ApiProperty({ type: String }) held!: string;
  @ApiProperty({ type: String, description: 'available + held: what the players own' }) total!: string;
  @ApiProperty({ type: String, example: '250.00', description: "the merchant's suspense balance (unmatched credits not yet assigned to a player), from the journal; not part of total" }) suspense!: string;
}

export class BalanceTotalsDto {
  @ApiProperty({ type: String, format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [BalanceTotalLineDto] }) currencies!: BalanceTotalLineDto[];
}

export class LookupResultDto {
  @ApiProperty({ type: String }) query!: string;
  @ApiProperty({ type: [DepositDto] }) deposits!: DepositDto[];
  @ApiProperty({ type: [WithdrawalResponseDto] }) withdrawals!: WithdrawalResponseDto[];
  @ApiProperty({ type: [String], description: 'player labels' }) players!: string[];
}
