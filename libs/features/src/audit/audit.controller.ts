import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { VerifyResult } from '@app/event-store';
import { ProblemException, Roles } from '@app/platform';
import { ClaimViewAsOf, MemberViewAsOf, parseInstant } from '@app/read-models';
import { AsOfQueryDto } from './dto/as-of.query';
import { AuditEventsQueryDto } from './dto/audit-events.query';
import { AsOfClaimDto, AsOfMemberDto, AuditEventPageDto, VerifyResultDto } from './dto/audit-responses.dto';
import { VerifyEventLogDto } from './dto/verify.dto';
import { ClaimExplanationDto } from './dto/explanation.dto';
import { ClaimExplanation } from '@app/domain/audit';
import {
  AuditEventPage,
  ClaimAsOfQuery,
  ClaimExplanationQuery,
  ListAuditEventsQuery,
  MemberAsOfQuery,
  VerifyEventLogQuery,
} from './queries';

/** docs/api.md "Audit": the event log, any claim or member as of an instant, hash verification. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The token lacks the auditor (or admin) role' })
@Roles('auditor')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('events')
  @ApiOperation({
    summary: 'The event log in global order, with metadata and hashes; paged, filtered by stream and type',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({ description: 'A bad position, limit or cursor' })
  events(@Query() query: AuditEventsQueryDto): Promise<AuditEventPage> {
    if (query.after !== undefined && query.cursor !== undefined && query.after !== query.cursor) {
      throw ProblemException.validation([
        { field: 'cursor', message: 'give either cursor or after, not two different positions' },
      ]);
    }
    const after = Number(query.cursor ?? query.after ?? 0);
    const types = query.type
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    return this.queries.execute(new ListAuditEventsQuery(after, query.limit ?? 50, query.stream, types));
  }

  @Get('claims/:claimId')
  @ApiOperation({ summary: 'A claim as it was known at an instant, rebuilt from its events alone' })
  @ApiOkResponse({ type: AsOfClaimDto })
  @ApiBadRequestResponse({ description: '`asOf` is not an ISO 8601 instant' })
  @ApiNotFoundResponse({ description: 'The claim did not exist at that instant' })
  claimAsOf(@Param('claimId') claimId: string, @Query() query: AsOfQueryDto): Promise<ClaimViewAsOf> {
    return this.queries.execute(new ClaimAsOfQuery(claimId, this.instant(query.asOf)));
  }

  @Get('claims/:claimId/explanation')
  @ApiOperation({
    summary:
      'How every rupiah of the claim came to be: lines with formula, schedule version and regulation; the facts, decisions, payouts and recoveries, each with the positions of its events; the re-performance verdict',
  })
  @ApiOkResponse({ type: ClaimExplanationDto })
  @ApiNotFoundResponse({ description: 'No such claim' })
  explanation(@Param('claimId') claimId: string): Promise<ClaimExplanation> {
    return this.queries.execute(new ClaimExplanationQuery(claimId));
  }

  @Get('members/:memberId')
  @ApiOperation({ summary: 'A member as it was known at an instant, rebuilt from its events alone' })
  @ApiOkResponse({ type: AsOfMemberDto })
  @ApiBadRequestResponse({ description: '`asOf` is not an ISO 8601 instant' })
  @ApiNotFoundResponse({ description: 'The member was not enrolled at that instant' })
  memberAsOf(@Param('memberId') memberId: string, @Query() query: AsOfQueryDto): Promise<MemberViewAsOf> {
    return this.queries.execute(new MemberAsOfQuery(memberId, this.instant(query.asOf)));
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: "Recompute every stored event's hash and chain link; report the first mismatch" })
  @ApiOkResponse({ type: VerifyResultDto })
  verify(@Body() body: VerifyEventLogDto = {}): Promise<VerifyResult> {
    return this.queries.execute(new VerifyEventLogQuery(body?.streamId));
  }

  /** Absent: everything recorded so far, judged on today's date. */
  private instant(asOf: string | undefined): Date | undefined {
    if (asOf === undefined) return undefined;
    const instant = parseInstant(asOf);
    if (!instant) {
      throw ProblemException.validation([
        { field: 'asOf', message: 'must be an ISO 8601 instant with its zone, e.g. 2026-03-01T09:30:00Z' },
      ]);
    }
    return instant;
  }
}
