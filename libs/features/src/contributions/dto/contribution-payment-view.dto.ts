import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ContributionPaymentResultDto {
  @ApiProperty() paymentId: string;
  @ApiProperty() period: string;
  @ApiProperty({ description: 'Member-months this payment paid' }) membersCovered: number;
  @ApiProperty({ description: 'Member-months already paid: reported, not charged again' })
  alreadyPaid: number;
  @ApiProperty({ description: 'Members not active in the period: not charged' }) notActive: number;
  @ApiProperty({ description: 'Integer Rupiah: the contributions of the members covered' })
  totalAmount: number;
  @ApiProperty({ enum: ['ALLOCATING', 'ALLOCATED'] }) status: string;
}

export class ContributionReversalSummaryDto {
  @ApiProperty() reversalId: string;
  @ApiProperty() membersReversed: number;
  @ApiProperty() totalAmount: number;
  @ApiProperty() at: string;
}

export class ContributionPaymentViewDto extends ContributionPaymentResultDto {
  @ApiProperty() paidOn: string;
  @ApiProperty() reference: string;
  @ApiProperty({ description: 'Members the payment is for' }) members: number;
  @ApiPropertyOptional({ type: [String] }) alreadyPaidMemberIds?: string[];
  @ApiPropertyOptional({ type: [String] }) notActiveMemberIds?: string[];
  @ApiProperty() recordedBy: string;
  @ApiProperty({ type: [ContributionReversalSummaryDto] }) reversals: ContributionReversalSummaryDto[];
  @ApiProperty() version: number;
}
