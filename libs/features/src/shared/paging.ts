import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { findUnstorableText } from '@app/domain/shared';
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

const notACursor = () =>
  ProblemException.validation([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);

/** A cursor this API returned; `isValid` checks its fields, so a forged one is a 400, never a failed query. */
export function decodeCursor<T>(
  cursor: string | undefined,
  isValid?: (value: unknown) => boolean,
): T | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notACursor();
  }
  if (findUnstorableText(value) || (isValid && !isValid(value))) throw notACursor();
  return value as T;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant as this API writes it (ISO 8601), one PostgreSQL can compare. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
