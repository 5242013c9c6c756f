import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemException } from '@app/platform';

/** API.md lists: `limit` (default 50, max 500) and an opaque `cursor`. */
export class PageQuery {
  @ApiPropertyOptional({ default: 50, maximum: 500, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw ProblemException.validation([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
