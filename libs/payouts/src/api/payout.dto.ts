import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PayoutStatus } from '@app/domain/payouts';

export const PAYOUT_STATUSES: readonly PayoutStatus[] = [
  'QUEUED',
  'PROCESSING',
  'PAID',
  'FAILED',
  'DEAD_LETTER',
];

/** `GET /api/payouts?status=&claimId=&limit=&cursor=` */
export class PayoutListQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;

  @ApiPropertyOptional({ description: 'Only the payouts of this claim' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  claimId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class PayeeDto {
  @ApiProperty({ enum: ['MEMBER', 'HEIR', 'PROVIDER', 'FUNERAL_ORGANISER'] }) kind!: string;
  @ApiProperty() name!: string;
}

export class PayoutDto {
  @ApiProperty({ description: 'Deterministic: `<claimId>-payout-<n>`, `…-late-penalty` for a late penalty' })
  payoutId!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty({ enum: ['BENEFIT', 'LATE_PENALTY', 'TOP_UP'] }) kind!: string;
  @ApiProperty({ type: PayeeDto }) payee!: PayeeDto;
  @ApiProperty({ description: 'Integer Rupiah' }) amount!: number;
  @ApiProperty({ enum: PAYOUT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Attempts started, over every retry' }) attempts!: number;
  @ApiProperty({
    description: 'YYYY-MM-DD: 7 working days after the claim was complete (PP 44/2015 art. 37)',
  })
  dueBy!: string;
  @ApiPropertyOptional({ description: "The bank's booking instant" }) paidAt?: string;
  @ApiPropertyOptional() bankReference?: string;
  @ApiPropertyOptional({
    description:
      'On a benefit paid late: the penalty owed (1% per day late), paid as payout `latePenaltyPayoutId`',
  })
  latePenalty?: number;
  @ApiPropertyOptional() latePenaltyPayoutId?: string;
  @ApiPropertyOptional({
    description:
      'An overpayment of the same payee for the same member deducted from this payout (amount is net)',
  })
  recovered?: number;
  @ApiPropertyOptional() daysLate?: number;
  @ApiPropertyOptional({ description: 'On a LATE_PENALTY payout: the benefit payout it follows' })
  penaltyFor?: string;
  @ApiProperty({ type: [String] }) lines!: string[];
  @ApiProperty({ description: 'Retries a finance officer asked for' }) retries!: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional({ description: 'Why the payout was dead-lettered' }) deadLetterReason?: string;
}

export class PayoutPageDto {
  @ApiProperty({ type: [PayoutDto] }) items!: PayoutDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PayoutRetryAcceptedDto {
  @ApiProperty() payoutId!: string;
  @ApiProperty({ enum: ['QUEUED'] }) status!: 'QUEUED';
  @ApiProperty({ description: 'Which retry this is (1 for the first)' }) retry!: number;
  @ApiProperty({ description: 'The BullMQ job id the relay enqueues: `<payoutId>-retry-<retry>`' })
  jobId!: string;
}
