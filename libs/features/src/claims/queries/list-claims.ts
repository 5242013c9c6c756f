import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SqlClient } from '@app/event-store';
import { BENEFITS, CLAIM_STATUSES, toClaimView } from '@app/domain/claims';
import { FieldError } from '@app/domain/shared';
import { Clock, ProblemException, READ_DB } from '@app/platform';
import { liveTables } from '@app/read-models/projection';
import { ensureProjectionSchema } from '@app/read-models/projection-runner';
import { ClaimRow, claimsProjection } from '@app/read-models/claims';
import { claimReviewsProjection } from '@app/read-models/reviews';
import { decodeCursor, encodeCursor, isIsoInstant, Page } from '../../shared';
import { ClaimResponse } from '../claim-repository';

export interface ClaimWorklistFilter {
  statuses?: string[];
  benefits?: string[];
  memberId?: string;
  limit?: number;
  cursor?: string;
}

export class ListClaimsQuery extends Query<Page<ClaimResponse>> {
  constructor(readonly filter: ClaimWorklistFilter) {
    super();
  }
}

/** Position in the worklist: the last claim of the page. */
interface WorklistCursor {
  submittedAt: string;
  claimId: string;
}

const isWorklistCursor = (c: unknown): boolean =>
  typeof c === 'object' &&
  c !== null &&
  isIsoInstant((c as WorklistCursor).submittedAt) &&
  typeof (c as WorklistCursor).claimId === 'string';

const DEFAULT_LIMIT = 50;

/** `status=ASSESSED,AWAITING_SECOND_APPROVAL` → the listed values, each checked. */
export function parseListFilter(
  field: string,
  value: string | undefined,
  allowed: readonly string[],
  errors: FieldError[],
): string[] | undefined {
  if (value === undefined) return undefined;
  const values = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = values.filter((v) => !allowed.includes(v));
  if (values.length === 0 || unknown.length > 0)
    errors.push({ field, message: `must be one or more (comma-separated) of ${allowed.join(', ')}` });
  return values;
}

export function worklistFilter(query: {
  status?: string;
  benefit?: string;
  memberId?: string;
  limit?: number;
  cursor?: string;
}): ClaimWorklistFilter {
  const errors: FieldError[] = [];
  const statuses = parseListFilter('status', query.status, CLAIM_STATUSES, errors);
  const benefits = parseListFilter('benefit', query.benefit, BENEFITS, errors);
  if (errors.length > 0) throw ProblemException.validation(errors);
  return { statuses, benefits, memberId: query.memberId, limit: query.limit, cursor: query.cursor };
}

/** The api role may serve before any projector has run: the table is created idempotently. */
@Injectable()
export class ClaimsReadModelSchema implements OnModuleInit {
  constructor(@Inject(READ_DB) private readonly db: SqlClient) {}
  async onModuleInit(): Promise<void> {
    await ensureProjectionSchema(this.db, claimsProjection, liveTables(claimsProjection));
    await ensureProjectionSchema(this.db, claimReviewsProjection, liveTables(claimReviewsProjection));
  }
}

/** The adjudicators' worklist from the `claims` projection: oldest submission first. */
@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery, Page<ClaimResponse>> {
  private readonly table = liveTables(claimsProjection).claims;

  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListClaimsQuery): Promise<Page<ClaimResponse>> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<WorklistCursor>(filter.cursor, isWorklistCursor);

    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.statuses) where.push(`status = ANY(${param(filter.statuses)}::text[])`);
    if (filter.benefits) where.push(`benefit = ANY(${param(filter.benefits)}::text[])`);
    if (filter.memberId !== undefined) where.push(`member_id = ${param(filter.memberId)}`);
    if (after)
      where.push(
        `(submitted_at, claim_id) > (${param(after.submittedAt)}::timestamptz, ${param(after.claimId)}::text)`,
      );
    const { rows } = await this.db.query<{ state: ClaimRow; version: number }>(
      `SELECT state, version FROM ${this.table}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY submitted_at, claim_id
       LIMIT ${param(limit + 1)}`,
      params,
    );
    const today = this.clock.today();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...toClaimView(r.state, today), version: Number(r.version) })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({
              submittedAt: last.state.submittedAt,
              claimId: last.state.claimId,
            } satisfies WorklistCursor)
          : null,
    };
  }
}
