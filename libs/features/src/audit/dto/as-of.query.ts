import { IsOptional, IsString } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

/** `?asOf=<instant>`: the record as it was known at that instant. */
export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'ISO 8601 instant with its zone; absent: everything recorded so far',
    example: '2026-03-01T09:30:00Z',
  })
  @IsOptional()
  @IsString()
  asOf?: string;
}
