import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

const POSITION = /^\d{1,15}$/;

/** `GET /api/audit/events?after=&cursor=&limit=&stream=&type=`: the log in global order. */
export class AuditEventsQueryDto {
  @ApiPropertyOptional({
    description: 'Only events after this position, in global order (exclusive); 0 or absent: from the start',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'must be a position (a whole number)' })
  after?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (the same as `after`)' })
  @IsOptional()
  @Matches(POSITION, { message: 'must be a nextCursor returned by this endpoint' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'One stream by its id (e.g. `claim-…`, `member-…`); a trailing `*` selects every stream with that prefix',
    example: 'claim-5b0e6a1c-…',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  stream?: string;

  @ApiPropertyOptional({
    description: 'One event type or several, comma-separated',
    example: 'ClaimSubmitted,ClaimApproved',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  type?: string;
}
