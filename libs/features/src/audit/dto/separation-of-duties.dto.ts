import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of `GET /api/audit/reports/separation-of-duties` for the OpenAPI document. */

class ReportPeriodDto {
  @ApiProperty({ nullable: true, type: String, description: 'Inclusive start (ISO 8601 UTC); null: open' })
  from: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Exclusive end (ISO 8601 UTC); null: open' })
  to: string | null;
}

class FourEyesBandDto {
  @ApiProperty({ description: 'Where the threshold of each decision comes from' })
  thresholdSource: string;
  @ApiProperty({
    description: 'The band below the threshold, in percent of it (AUDIT_FOUR_EYES_BAND_PERCENT)',
  })
  bandPercent: number;
}

class PairDto {
  @ApiProperty() submittedBy: string;
  @ApiProperty() approvedBy: string;
  @ApiProperty({
    description: 'Final approvals this approver took part in; a claim decided again counts again',
  })
  decisions: number;
  @ApiProperty() claims: number;
  @ApiProperty({
    description: 'What those decisions approved: totals, or for reopened claims the differences',
  })
  approvedAmount: number;
}

class OfficerOfMemberDto {
  @ApiProperty() claimId: string;
  @ApiProperty() memberId: string;
  @ApiProperty() approvedBy: string;
  @ApiProperty() approvalRole: string;
  @ApiProperty() decidedAt: string;
  @ApiProperty() amount: number;
  @ApiProperty() total: number;
  @ApiProperty({ enum: ['ENROLLED', 'RE_ENROLLED', 'CORRECTED'] }) relation: string;
  @ApiProperty() relationAt: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'CORRECTED: the fields corrected (never their values)',
  })
  correctedFields?: string[];
}

class ApprovalDto {
  @ApiProperty() by: string;
  @ApiProperty() role: string;
  @ApiProperty() at: string;
}

class NearThresholdDecisionDto {
  @ApiProperty() claimId: string;
  @ApiProperty() memberId: string;
  @ApiProperty() submittedBy: string;
  @ApiProperty() decidedAt: string;
  @ApiProperty() total: number;
  @ApiProperty({
    description: "What four eyes weighed: the total, or a reopened claim's absolute difference",
  })
  fourEyesAmount: number;
  @ApiProperty({ description: 'The four-eyes threshold in force at the decision' }) threshold: number;
  @ApiProperty() scheduleVersion: string;
  @ApiProperty({ type: [ApprovalDto] }) approvals: ApprovalDto[];
  @ApiPropertyOptional() reopening?: number;
  @ApiPropertyOptional() appealId?: string;
}

class NearThresholdApproverDto {
  @ApiProperty() approvedBy: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Sum of the four-eyes amounts of those decisions' }) amount: number;
  @ApiProperty({ type: [NearThresholdDecisionDto] }) claims: NearThresholdDecisionDto[];
}

export class SeparationOfDutiesReportDto {
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ type: FourEyesBandDto }) fourEyes: FourEyesBandDto;
  @ApiProperty({ type: [PairDto] }) pairs: PairDto[];
  @ApiProperty({ type: [OfficerOfMemberDto] }) approvedByMemberOfficer: OfficerOfMemberDto[];
  @ApiProperty({ type: [NearThresholdApproverDto] }) nearThreshold: NearThresholdApproverDto[];
}
