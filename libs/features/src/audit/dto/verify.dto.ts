import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

/** `POST /api/audit/verify`: the whole log (no body), or one stream. */
export class VerifyEventLogDto {
  @ApiPropertyOptional({ description: 'Verify only this stream; absent: every event in the store' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  streamId?: string;
}
