import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shape of `GET /api/audit/claims/{id}/explanation` (docs/api.md "Audit"). */

const POSITION = 'Global position of the event this comes from (see GET /api/audit/events)';

export class ExplainedPayeeDto {
  @ApiProperty({ enum: ['MEMBER', 'HEIR', 'PROVIDER', 'FUNERAL_ORGANISER'] })
  kind: string;
  @ApiProperty()
  name: string;
}

export class ExplainedLineDto {
  @ApiProperty({ example: 'DEATH_BENEFIT' })
  code: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ description: 'Integer Rupiah, as recorded' })
  amount: number;
  @ApiProperty({ type: ExplainedPayeeDto })
  payee: ExplainedPayeeDto;
  @ApiProperty({ example: '48 × Rp 1,500,000 = Rp 72,000,000 (at least Rp 20,000,000)' })
  formula: string;
  @ApiProperty({ example: 'PP82-2019' })
  scheduleVersion: string;
  @ApiProperty({ example: 'PP 82/2019 annex (JKK death: 48 × income, at least Rp 20,000,000)' })
  regulation: string;
  @ApiProperty({ description: 'The line basis as recorded (formula and regulation in words)' })
  basis: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

class DatedFactDto {
  @ApiProperty()
  date: string;
  @ApiProperty({ nullable: true, type: Number, description: POSITION })
  position: number | null;
}

class IncomeFactDto {
  @ApiProperty()
  amount: number;
  @ApiProperty({ nullable: true, type: Number, description: POSITION })
  position: number | null;
}

class ReversalDto {
  @ApiProperty()
  reversalId: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

export class ExplainedMonthDto {
  @ApiProperty({ example: '2025-03' })
  month: string;
  @ApiProperty()
  paymentId: string;
  @ApiProperty()
  paidOn: string;
  @ApiProperty({ description: 'The ContributionMonthPaid event' })
  position: number;
  @ApiPropertyOptional({
    type: ReversalDto,
    description: 'The month was reversed (never paid by that payment)',
  })
  reversed?: ReversalDto;
}

export class ExplainedHeirDto {
  @ApiProperty()
  fullName: string;
  @ApiProperty()
  relationship: string;
  @ApiPropertyOptional()
  birthDate?: string;
  @ApiProperty({ enum: ['REGISTERED', 'CERTIFICATE'] })
  source: string;
  @ApiPropertyOptional({ description: "The heir certificate's reference" })
  reference?: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

export class ExplainedWorkRelationDto {
  @ApiProperty({ example: 'CONFIRMED' })
  decision: string;
  @ApiProperty()
  why: string;
  @ApiProperty()
  by: string;
  @ApiProperty()
  at: string;
  @ApiProperty()
  claimId: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

class RelatedClaimDto {
  @ApiProperty()
  claimId: string;
  @ApiProperty()
  benefit: string;
  @ApiProperty()
  status: string;
  @ApiProperty({ description: 'Its ClaimSubmitted event' })
  position: number;
}

export class ExplanationFactsDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{assessedOn, trigger, position}' })
  assessment: { assessedOn: string; trigger: string; position: number };
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{revision, position, revisionAssumed}: the member revision the assessment read',
  })
  member: { revision: number; position: number | null; revisionAssumed: boolean };
  @ApiProperty({ type: DatedFactDto })
  coverageStart: DatedFactDto;
  @ApiProperty({ type: IncomeFactDto })
  income: IncomeFactDto;
  @ApiProperty({ type: [ExplainedMonthDto] })
  months: ExplainedMonthDto[];
  @ApiProperty({ type: [ExplainedHeirDto] })
  heirs: ExplainedHeirDto[];
  @ApiProperty({ type: ExplainedWorkRelationDto, nullable: true })
  workRelation: ExplainedWorkRelationDto | null;
  @ApiProperty({ type: [RelatedClaimDto] })
  otherClaims: RelatedClaimDto[];
  @ApiPropertyOptional({ type: RelatedClaimDto })
  basisClaim?: RelatedClaimDto;
}

export class ExplainedDecisionDto {
  @ApiProperty({ example: 'ClaimApproved' })
  type: string;
  @ApiProperty()
  by: string;
  @ApiPropertyOptional()
  role?: string;
  @ApiProperty()
  at: string;
  @ApiPropertyOptional()
  reasonCode?: string;
  @ApiPropertyOptional()
  note?: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

class ApprovalDto {
  @ApiProperty()
  by: string;
  @ApiProperty()
  role: string;
  @ApiProperty()
  at: string;
  @ApiProperty({ description: POSITION })
  position: number;
}

export class ExplainedPayoutDto {
  @ApiProperty()
  payoutId: string;
  @ApiProperty({ enum: ['BENEFIT', 'TOP_UP', 'LATE_PENALTY'] })
  kind: string;
  @ApiProperty({ type: ExplainedPayeeDto })
  payee: ExplainedPayeeDto;
  @ApiPropertyOptional({ description: 'What the approval planned' })
  planned?: number;
  @ApiProperty({ description: 'Scheduled: planned less recovered' })
  amount: number;
  @ApiPropertyOptional()
  recovered?: number;
  @ApiProperty()
  status: string;
  @ApiPropertyOptional()
  paidOn?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '{type, bankCode, accountName, accountNumber (last 4 digits only)}',
  })
  destination?: Record<string, string>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '{forPayoutId, benefitAmount, dueBy, paidOn, daysLate, ratePercentPerDay, formula}',
  })
  penalty?: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{planned?, scheduled?, paid: []}',
  })
  positions: Record<string, unknown>;
}

class MismatchDto {
  @ApiProperty()
  claimId: string;
  @ApiProperty({ example: 'line DEATH_BENEFIT amount' })
  check: string;
  @ApiProperty({ description: 'What the event records' })
  recorded: unknown;
  @ApiProperty({ description: 'What the rules give' })
  recomputed: unknown;
  @ApiPropertyOptional({ description: POSITION })
  position?: number;
  @ApiPropertyOptional()
  eventType?: string;
}

class ReperformedDto {
  @ApiProperty()
  ok: boolean;
  @ApiProperty({ type: [MismatchDto] })
  mismatches: MismatchDto[];
}

export class ClaimExplanationDto {
  @ApiProperty()
  claimId: string;
  @ApiProperty()
  memberId: string;
  @ApiProperty()
  benefit: string;
  @ApiProperty()
  status: string;
  @ApiProperty()
  total: number;
  @ApiProperty()
  scheduleVersion: string;
  @ApiProperty()
  eligible: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  reasons: { code: string; message: string }[];
  @ApiProperty({ type: [ExplainedLineDto] })
  lines: ExplainedLineDto[];
  @ApiProperty({ type: ExplanationFactsDto })
  facts: ExplanationFactsDto;
  @ApiProperty({ type: [ExplainedDecisionDto] })
  decisions: ExplainedDecisionDto[];
  @ApiProperty({ type: [ApprovalDto] })
  approvedBy: ApprovalDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Reopened decisions: {previousTotal, newTotal, difference, overpayments, decision, position}',
  })
  adjustments: unknown[];
  @ApiProperty({ type: [ExplainedPayoutDto] })
  payouts: ExplainedPayoutDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: '{overpaidClaimId, payoutId, payee, amount, position}',
  })
  recoveries: unknown[];
  @ApiProperty({ type: ReperformedDto, description: "The re-performance's verdict on this claim" })
  reperformed: ReperformedDto;
  @ApiProperty({ type: [Number], description: 'Every position cited, ascending' })
  positions: number[];
}
