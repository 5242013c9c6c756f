import { Type } from 'class-transformer';
import {
  Equals,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PayoutStatus } from '@app/domain/payouts';

export const PAYOUT_STATUSES: readonly PayoutStatus[] = [
  'QUEUED',
  'PROCESSING',
  'PAID',
  'FAILED',
  'DEAD_LETTER',
  'ON_HOLD',
  'RETURNED',
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

export class PayoutDestinationDto {
  @ApiProperty({ enum: ['ACCOUNT', 'CASH_ORDER'] }) type!: string;
  @ApiPropertyOptional() bankCode?: string;
  @ApiPropertyOptional({ description: 'Personal data: masked in logs' }) accountNumber?: string;
  @ApiPropertyOptional() accountName?: string;
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
  @ApiPropertyOptional({
    type: PayoutDestinationDto,
    description: 'Absent only on payouts from before destinations (paid to the payee name)',
  })
  destination?: PayoutDestinationDto;
  @ApiPropertyOptional({ enum: ['ACCOUNT_NAME_MISMATCH', 'ACCOUNT_NOT_FOUND'] }) holdReason?: string;
  @ApiPropertyOptional({ description: 'ACCOUNT_NAME_MISMATCH: the holder name the bank gave' })
  bankHolderName?: string;
  @ApiPropertyOptional({ example: 'ACCOUNT_CLOSED' }) returnReason?: string;
}

/** `POST /api/payouts/{id}/destination`: a corrected account, or `{confirmHolder: true}`. */
export class ChangeDestinationDto {
  @ApiPropertyOptional({ example: '002' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{3,11}$/, { message: 'bankCode must be 3 to 11 digits' })
  bankCode?: string;

  @ApiPropertyOptional({ example: '1234567890' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6,20}$/, { message: 'accountNumber must be 6 to 20 digits' })
  accountNumber?: string;

  @ApiPropertyOptional({ example: 'SITI AMINAH' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountName?: string;

  @ApiPropertyOptional({ description: "true: the bank's holder name is accepted as the payee's" })
  @IsOptional()
  @Equals(true)
  confirmHolder?: boolean;
}

export class DestinationAcceptedDto {
  @ApiProperty() payoutId!: string;
  @ApiProperty({ enum: ['QUEUED'] }) status!: 'QUEUED';
  @ApiProperty({ type: PayoutDestinationDto }) destination!: PayoutDestinationDto;
  @ApiProperty({ description: 'The BullMQ job id the relay enqueues' }) jobId!: string;
}

/** The bank's notice of a returned transfer (`POST /callbacks/payout-returns`). */
export class BankNoticeDto {
  @ApiProperty({ description: 'The transfer key the service sent as Idempotency-Key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  idempotencyKey!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  bankReference!: string;

  @ApiProperty({ enum: ['RETURNED'] })
  @IsIn(['RETURNED'])
  status!: 'RETURNED';

  @ApiProperty({ example: 'ACCOUNT_CLOSED' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,63}$/, { message: 'reason must be a code like ACCOUNT_CLOSED' })
  reason!: string;
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
