import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

/** docs/api.md `POST /api/contribution-payments/{id}/reversals`. */
export class ReverseContributionPaymentDto {
  @ApiProperty({ example: 'Returned by the bank: account closed' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ type: [String], description: 'Absent: every member the payment covered' })
  @IsOptional()
  @IsArray({ message: 'must be an array of member ids' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20_000)
  @IsString({ each: true, message: 'must be an array of member ids' })
  @IsNotEmpty({ each: true, message: 'must be an array of member ids' })
  memberIds?: string[];
}

export class ContributionReversalResultDto {
  @ApiProperty() reversalId: string;
  @ApiProperty() paymentId: string;
  @ApiProperty() membersReversed: number;
  @ApiProperty() alreadyReversed: number;
  @ApiProperty() totalAmount: number;
}
