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
import { IsCalendarDate, IsCalendarMonth } from '../../members/dto/validators';

/** docs/api.md `POST /api/contribution-payments`. */
export class RecordContributionPaymentDto {
  @ApiProperty({
    example: '2025-01',
    description: 'The month paid for (YYYY-MM); may be in the future or the past',
  })
  @IsCalendarMonth()
  period: string;

  @ApiProperty({
    example: '2025-01-10',
    description: 'The payment date: a month counts as paid from this day',
  })
  @IsCalendarDate()
  paidOn: string;

  @ApiProperty({ example: 'BSB-2025-01-0001', description: 'The bank reference; unique across payments' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Absent: every member whose membership is active in the period',
  })
  @IsOptional()
  @IsArray({ message: 'must be an array of member ids' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20_000)
  @IsString({ each: true, message: 'must be an array of member ids' })
  @IsNotEmpty({ each: true, message: 'must be an array of member ids' })
  memberIds?: string[];
}
