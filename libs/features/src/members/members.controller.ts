import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { EnrollmentInput, HeirInput } from '@app/domain/members';
import { Actor, CurrentActor, Idempotent, problem, ProblemException, Roles } from '@app/platform';
import { appendContext, expectedFromIfMatch } from '../shared/command-support';
import {
  CorrectMemberCommand,
  EnrollMemberCommand,
  RegisterHeirCommand,
  StartRosterImportCommand,
} from './commands';
import { CorrectMemberDto } from './dto/correct-member.dto';
import { EnrollMemberDto, RegisterHeirDto } from './dto/enroll-member.dto';
import { ListMembersQuery } from './dto/list-members.query';
import {
  EnrollmentResultDto,
  ImportAcceptedDto,
  MemberPageDto,
  MemberViewDto,
  RosterImportViewDto,
} from './dto/member-view.dto';
import { FindMembersQuery, GetMemberQuery, GetRosterImportQuery } from './queries';
import { readBody, ROSTER_CONTENT_TYPES } from './roster-import/roster-file';

const setEtag = (res: Response, version: number) => res.setHeader('ETag', `"${version}"`);

@ApiTags('members')
@Controller('api/members')
export class MembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('enrollment-officer')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Enroll a person, or re-enroll a LAPSED member under the same memberId' })
  @ApiCreatedResponse({ type: EnrollmentResultDto })
  @ApiConflictResponse({ description: 'The NIK belongs to a member who is not LAPSED; `memberId` names it' })
  async enroll(@Body() body: EnrollMemberDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const result = await this.commands.execute(
      new EnrollMemberCommand(body as EnrollmentInput, appendContext(actor, req)),
    );
    return { memberId: result.memberId, nik: result.nik, status: result.status };
  }

  @Post('imports')
  @Roles('enrollment-officer')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import a P3KE roster (CSV, up to 50 MiB) in the background',
    description:
      'Header: nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart. ' +
      'Every row is enrolled, reported as a duplicate (of an earlier row or an existing member) or rejected with its row, field and reason. ' +
      'Importing the same file again enrolls nobody. With an Idempotency-Key, a retry with the same file returns the same importId.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  @ApiPayloadTooLargeResponse({ description: 'Larger than 50 MiB' })
  async startImport(@CurrentActor() actor: Actor, @Req() req: Request) {
    if (!req.is(ROSTER_CONTENT_TYPES)) {
      throw new ProblemException(
        problem(415, 'The roster must be sent as text/csv', { code: 'UNSUPPORTED_MEDIA_TYPE' }),
      );
    }
    const key = req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw ProblemException.validation([
        { field: 'Idempotency-Key', message: 'must be 1 to 200 characters' },
      ]);
    }
    const csv = await readBody(req);
    return this.commands.execute(new StartRosterImportCommand(csv, appendContext(actor, req), key));
  }

  @Get('imports/:importId')
  @Roles('enrollment-officer', 'auditor')
  @ApiOperation({ summary: "A roster import's progress and outcome" })
  @ApiOkResponse({ type: RosterImportViewDto })
  @ApiNotFoundResponse()
  getImport(@Param('importId') importId: string) {
    return this.queries.execute(new GetRosterImportQuery(importId));
  }

  @Get()
  @ApiOperation({ summary: 'Find members (read model); status is judged as of today (Asia/Jakarta)' })
  @ApiOkResponse({ type: MemberPageDto })
  list(@Query() query: ListMembersQuery) {
    return this.queries.execute(new FindMembersQuery(query));
  }

  @Get(':memberId')
  @ApiOperation({ summary: "A member's view from its own stream (read-your-writes), with ETag" })
  @ApiOkResponse({ type: MemberViewDto })
  @ApiNotFoundResponse()
  async get(@Param('memberId') memberId: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.queries.execute(new GetMemberQuery(memberId));
    setEtag(res, view.version);
    return view;
  }

  @Post(':memberId/heirs')
  @Roles('enrollment-officer')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an heir after enrollment',
    description: "Answers 201 with the new heir's `heirId` and the member view (new `version`, ETag).",
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: '"<version>" from the member\'s ETag; a stale one is a 412',
  })
  @ApiCreatedResponse({ type: MemberViewDto })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse()
  async registerHeir(
    @Param('memberId') memberId: string,
    @Body() body: RegisterHeirDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { heirId, view } = await this.commands.execute(
      new RegisterHeirCommand(
        memberId,
        { ...body } as HeirInput,
        appendContext(actor, req),
        expectedFromIfMatch(req),
        req.header('idempotency-key'),
      ),
    );
    setEtag(res, view.version);
    return { heirId, ...view };
  }

  @Post(':memberId/corrections')
  @Roles('enrollment-officer')
  @HttpCode(200)
  @ApiOperation({
    summary: "Correct a member's recorded data, with a reason",
    description:
      'The enrollment rules hold after the correction; a corrected NIK moves its reservation ' +
      '(a NIK of another member is a 409 naming it). Undecided claims are re-assessed; decided ones are listed for review.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: '"<version>" from the member\'s ETag; a stale one is a 412',
  })
  @ApiOkResponse({ type: MemberViewDto })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse()
  async correct(
    @Param('memberId') memberId: string,
    @Body() body: CorrectMemberDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.commands.execute(
      new CorrectMemberCommand(
        memberId,
        body.changes,
        body.reason,
        appendContext(actor, req),
        expectedFromIfMatch(req),
      ),
    );
    setEtag(res, view.version);
    return view;
  }
}
