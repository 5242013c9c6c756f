import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BENEFITS,
  CLAIM_STATUSES,
  LINE_CODES,
  REASON_CODES,
  WORK_RELATION_DECISIONS,
} from '@app/domain/claims';
import { AdjustmentDto, AppealDto, OverpaymentDto } from './corrections-view.dto';

/** Response shapes for the OpenAPI document (docs/api.md "Claims"); the data is the domain's ClaimView. */

export class PayeeDto {
  @ApiProperty({ enum: ['MEMBER', 'HEIR', 'PROVIDER', 'FUNERAL_ORGANISER'] })
  kind: string;
  @ApiProperty()
  name: string;
}

export class PayoutSchedulingFailureDto {
  @ApiProperty({ description: 'Empty when the approval as a whole failed' })
  payoutId: string;
  @ApiProperty()
  code: string;
  @ApiProperty()
  message: string;
  @ApiProperty({ format: 'date-time' })
  since: string;
  @ApiProperty()
  attempts: number;
}

export class AssessmentReasonDto {
  @ApiProperty({ enum: REASON_CODES })
  code: string;
  @ApiProperty()
  message: string;
}

export class AssessmentLineDto {
  @ApiProperty({ enum: LINE_CODES })
  code: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ description: 'Integer Rupiah' })
  amount: number;
  @ApiProperty({ type: PayeeDto })
  payee: PayeeDto;
  @ApiProperty({ description: 'The formula and the regulation article or programme policy it uses' })
  basis: string;
}

export class AssessmentDto {
  @ApiProperty()
  eligible: boolean;
  @ApiProperty({ type: [AssessmentReasonDto] })
  reasons: AssessmentReasonDto[];
  @ApiProperty({ type: [AssessmentLineDto], description: 'Payable lines; empty when not eligible' })
  lines: AssessmentLineDto[];
  @ApiProperty({ description: 'Integer Rupiah' })
  total: number;
  @ApiProperty({ example: 'PP82-2019', description: 'The schedule version in force on the incident date' })
  scheduleVersion: string;
}

export class ApprovalDto {
  @ApiProperty()
  by: string;
  @ApiProperty({ enum: ['adjudicator', 'supervisor', 'admin'] })
  role: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'] })
  outcome: string;
  @ApiProperty()
  by: string;
  @ApiPropertyOptional()
  role?: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiPropertyOptional()
  reasonCode?: string;
  @ApiPropertyOptional()
  note?: string;
}

export class ClaimPayoutDto {
  @ApiProperty()
  payoutId: string;
  @ApiProperty()
  amount: number;
  @ApiProperty({ type: PayeeDto })
  payee: PayeeDto;
  @ApiProperty({ enum: ['QUEUED', 'PROCESSING', 'PAID', 'FAILED', 'DEAD_LETTER'] })
  status: string;
}

export class WorkRelationDto {
  @ApiProperty({ enum: ['SUSPECTED', ...WORK_RELATION_DECISIONS] })
  status: string;
  @ApiProperty({ format: 'date', description: 'Due 30 days after the report (PP 49/2023)' })
  decisionDueBy: string;
  @ApiPropertyOptional({ format: 'date' })
  decidedOn?: string;
  @ApiPropertyOptional()
  decidedBy?: string;
}

export class ReviewReasonDto {
  @ApiProperty({
    enum: [
      'CONTRIBUTION_REVERSED',
      'MEMBER_CORRECTED',
      'DEATH_RECORDED',
      'HEIR_CERTIFICATE',
      'WORK_RELATION_DECIDED',
    ],
  })
  code: string;
  @ApiProperty() detail: string;
}

export class ClaimReviewDto {
  @ApiProperty({ type: [ReviewReasonDto] }) reasons: ReviewReasonDto[];
  @ApiProperty({ format: 'date-time', description: 'When the claim was first listed' }) since: string;
}

export class ClaimReviewItemDto extends ClaimReviewDto {
  @ApiProperty() claimId: string;
  @ApiProperty() memberId: string;
  @ApiProperty({ enum: ['APPROVED', 'PAID', 'REJECTED'] }) status: string;
}

export class ClaimReviewPageDto {
  @ApiProperty({ type: [ClaimReviewItemDto] }) items: ClaimReviewItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ClaimViewDto {
  @ApiProperty()
  claimId: string;
  @ApiProperty()
  memberId: string;
  @ApiProperty({ type: () => [AppealDto] })
  appeals: AppealDto[];
  @ApiProperty({ type: () => [OverpaymentDto] })
  overpayments: OverpaymentDto[];
  @ApiPropertyOptional({
    type: () => AdjustmentDto,
    description: 'While a reopened claim awaits its decision',
  })
  adjustment?: AdjustmentDto;
  @ApiPropertyOptional({ description: 'An open appeal is past its due date' })
  appealOverdue?: boolean;
  @ApiProperty({ enum: BENEFITS })
  benefit: string;
  @ApiProperty({ enum: CLAIM_STATUSES })
  status: string;
  @ApiProperty({ format: 'date', nullable: true })
  incidentDate: string | null;
  @ApiProperty({ format: 'date', nullable: true })
  reportedOn: string | null;
  @ApiProperty({ type: AssessmentDto })
  assessment: AssessmentDto;
  @ApiProperty({ type: [ApprovalDto] })
  approvals: ApprovalDto[];
  @ApiPropertyOptional({ type: DecisionDto })
  decision?: DecisionDto;
  @ApiProperty({ type: [ClaimPayoutDto] })
  payouts: ClaimPayoutDto[];
  @ApiPropertyOptional({
    type: [PayoutSchedulingFailureDto],
    description:
      'GET only: payouts of the approval the payout process could not schedule; retried until it can',
  })
  payoutSchedulingFailed?: PayoutSchedulingFailureDto[];
  @ApiPropertyOptional({
    type: ClaimReviewDto,
    description: 'While the decided claim is listed for review (its facts changed after the decision)',
  })
  review?: ClaimReviewDto;
  @ApiProperty({
    format: 'date',
    nullable: true,
    description: 'Submitted, or the last requested document arrived',
  })
  completeOn: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    description: 'completeOn + 7 working days (PP 44/2015 art. 37)',
  })
  dueBy: string | null;
  @ApiPropertyOptional({
    description: 'Suspected work accident: the work-relation decision is later than 30 days',
  })
  slaBreach?: boolean;
  @ApiPropertyOptional({ type: WorkRelationDto })
  workRelation?: WorkRelationDto;
  @ApiProperty()
  submittedBy: string;
  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
  @ApiProperty({ type: [String] })
  outstandingDocuments: string[];
  @ApiProperty({ description: 'The stream version: send it back as If-Match: "<version>"' })
  version: number;
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimViewDto] })
  items: ClaimViewDto[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
