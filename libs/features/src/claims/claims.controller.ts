import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { validateClaimRequest } from '@app/domain/claims';
import { DomainError, FieldError } from '@app/domain/shared';
import { Actor, CurrentActor, Idempotent, Roles } from '@app/platform';
import { appendContext, expectedFromIfMatch, Page } from '../shared';
import { ClaimResponse } from './claim-repository';
import {
  AddHeirCertificateCommand,
  ApproveClaimCommand,
  DecideClaimWorkRelationCommand,
  ProvideClaimDocumentsCommand,
  RejectClaimCommand,
  RequestClaimDocumentsCommand,
  SubmitClaimCommand,
} from './commands';
import {
  ApproveClaimDto,
  DecideWorkRelationDto,
  ProvideDocumentsDto,
  RejectClaimDto,
  RequestDocumentsDto,
} from './dto/claim-actions.dto';
import { ClaimPageDto, ClaimReviewPageDto, ClaimViewDto } from './dto/claim-view.dto';
import { HeirCertificateDto, toHeirCertificate } from './dto/heir-certificate.dto';
import { ListClaimsQueryDto } from './dto/list-claims.query';
import { fieldsForeignToBenefit, SubmitClaimDto, toClaimRequest } from './dto/submit-claim.dto';
import { PageQuery } from '../shared/paging';
import { GetClaimQuery, ListClaimReviewsQuery, ListClaimsQuery, worklistFilter } from './queries';

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The claim\'s version as "<version>" (its ETag); a stale one is a 412',
});

/** docs/api.md "Claims": adjudication over HTTP; every command answers with the claim view. */
@ApiTags('claims')
@ApiBearerAuth()
@Controller('api/claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('adjudicator')
  @Idempotent()
  @ApiOperation({ summary: 'Submit a claim: it is assessed by the rules at once' })
  @ApiCreatedResponse({ type: ClaimViewDto, headers: { ETag: { description: '"<version>"' } } })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields, one error per field' })
  @ApiNotFoundResponse({ description: 'The member is not enrolled' })
  async submit(
    @Body() body: SubmitClaimDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const request = toClaimRequest(body);
    const foreign = fieldsForeignToBenefit(body);
    if (foreign.length > 0)
      throw DomainError.validation(uniqueByField([...foreign, ...validateClaimRequest(request)]));
    const claim = await this.commands.execute(
      new SubmitClaimCommand(request, actor, appendContext(actor, req), req.header('idempotency-key')),
    );
    res.location(`/api/claims/${encodeURIComponent(claim.claimId)}`);
    return withETag(res, claim);
  }

  @Get()
  @ApiOperation({ summary: "The adjudicators' worklist, oldest submission first" })
  @ApiOkResponse({ type: ClaimPageDto })
  list(@Query() query: ListClaimsQueryDto): Promise<Page<ClaimResponse>> {
    return this.queries.execute(new ListClaimsQuery(worklistFilter(query)));
  }

  @Get('reviews')
  @Roles('adjudicator', 'supervisor')
  @ApiOkResponse({ type: ClaimReviewPageDto })
  @ApiOperation({
    summary: 'Decided claims whose facts changed after their decision, with the reasons',
    description: 'A claim leaves the list when it is reopened (docs/api.md "Corrections").',
  })
  listReviews(@Query() query: PageQuery) {
    return this.queries.execute(new ListClaimReviewsQuery({ limit: query.limit, cursor: query.cursor }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The claim as it is now, read from its stream' })
  @ApiOkResponse({ type: ClaimViewDto, headers: { ETag: { description: '"<version>"' } } })
  @ApiNotFoundResponse()
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<ClaimResponse> {
    return withETag(res, await this.queries.execute(new GetClaimQuery(id)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('adjudicator', 'supervisor')
  @IF_MATCH
  @ApiOperation({
    summary: 'Approve (adjudicator); a total of Rp 50,000,000 or more needs a second approval (supervisor)',
  })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiForbiddenResponse({
    description: 'Own submission, both approvals by one person, or the role is missing',
  })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not allowed in this status, or not eligible' })
  @ApiConflictResponse({ description: 'Changed concurrently (no If-Match sent)' })
  async approve(
    @Param('id') id: string,
    @Body() body: ApproveClaimDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new ApproveClaimCommand(
      id,
      body.note,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('adjudicator', 'supervisor')
  @IF_MATCH
  @ApiOperation({ summary: 'Reject with a reason code and why' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not allowed in this status' })
  async reject(
    @Param('id') id: string,
    @Body() body: RejectClaimDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new RejectClaimCommand(
      id,
      body.reasonCode,
      body.note,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/request-documents')
  @HttpCode(200)
  @Roles('adjudicator')
  @IF_MATCH
  @ApiOperation({ summary: 'Ask for documents: the claim is incomplete until the last one arrives' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not allowed in this status' })
  async requestDocuments(
    @Param('id') id: string,
    @Body() body: RequestDocumentsDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new RequestClaimDocumentsCommand(
      id,
      body.documents,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/documents')
  @HttpCode(200)
  @Roles('adjudicator')
  @IF_MATCH
  @ApiOperation({ summary: 'Documents arrived: the claim is assessed again' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not allowed in this status' })
  async provideDocuments(
    @Param('id') id: string,
    @Body() body: ProvideDocumentsDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const documents = body.documents.map((d) => ({ name: d.name, reference: d.reference }));
    const command = new ProvideClaimDocumentsCommand(
      id,
      documents,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/work-relation')
  @HttpCode(200)
  @Roles('adjudicator')
  @IF_MATCH
  @ApiOperation({ summary: 'Decide a suspected work accident (due 30 days after the report): re-assessed' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not a suspected work accident, or already decided' })
  async decideWorkRelation(
    @Param('id') id: string,
    @Body() body: DecideWorkRelationDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new DecideClaimWorkRelationCommand(
      id,
      body.decision,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/heir-certificate')
  @HttpCode(200)
  @Roles('adjudicator')
  @IF_MATCH
  @ApiOperation({
    summary:
      'Add an heir certificate to a death claim or scholarship: its heirs prevail; re-assessed when undecided',
  })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields, one error per field' })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'Not a death claim or scholarship' })
  async addHeirCertificate(
    @Param('id') id: string,
    @Body() body: HeirCertificateDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new AddHeirCertificateCommand(
      id,
      toHeirCertificate(body),
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }
}

/** docs/api.md "Concurrency": `ETag: "<version>"` beside `version` in the body. */
export function withETag(res: Response, claim: ClaimResponse): ClaimResponse {
  res.setHeader('ETag', `"${claim.version}"`);
  return claim;
}

function uniqueByField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.field) && seen.add(e.field));
}
