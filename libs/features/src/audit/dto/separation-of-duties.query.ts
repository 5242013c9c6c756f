import { IsOptional, IsString } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

/** `?from=&to=`: the decisions of a period (docs/api.md "Audit"); parsed by `reportPeriod`. */
export class SeparationOfDutiesQueryDto {
  @ApiPropertyOptional({
    description: 'Start (inclusive): a date YYYY-MM-DD (its start in Asia/Jakarta) or an ISO 8601 instant',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    description: 'End: a date YYYY-MM-DD (that whole day included) or an ISO 8601 instant (excluded)',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsString()
  to?: string;
}
