import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PayeeDto } from './claim-view.dto';

export class AppealDto {
  @ApiProperty() appealId: string;
  @ApiProperty({ enum: ['OPEN', 'UPHELD', 'OVERTURNED'] }) status: string;
  @ApiProperty() grounds: string;
  @ApiProperty({ example: '2026-03-16' }) filedOn: string;
  @ApiProperty({ description: '14 working days after filedOn' }) dueBy: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() decidedOn?: string;
}

export class OverpaymentDto {
  @ApiProperty({ type: () => PayeeDto }) payee: PayeeDto;
  @ApiProperty({ description: 'Owed back by the payee after a reopened claim was decided lower' })
  amount: number;
  @ApiProperty({ description: 'Not yet recovered from later payouts to the payee' }) outstanding: number;
}

export class AdjustmentDto {
  @ApiProperty() previousTotal: number;
  @ApiProperty({ description: "The new assessment's total when eligible, else 0" }) newTotal: number;
  @ApiProperty() difference: number;
}
