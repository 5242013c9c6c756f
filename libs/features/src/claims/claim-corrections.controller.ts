import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor, CurrentActor, Idempotent, Roles } from '@app/platform';
import { appendContext, expectedFromIfMatch } from '../shared';
import { ClaimResponse } from './claim-repository';
import { withETag } from './claims.controller';
import { AppealFiled, DecideAppealCommand, FileAppealCommand, ReopenClaimCommand } from './commands';
import { ClaimViewDto } from './dto/claim-view.dto';
import { DecideAppealDto, FileAppealDto, ReopenClaimDto } from './dto/corrections.dto';

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The claim\'s version as "<version>" (its ETag); a stale one is a 412',
});

/** docs/api.md "Corrections": reopening decided claims and appeals. */
@ApiTags('claims')
@ApiBearerAuth()
@Controller('api/claims')
export class ClaimCorrectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('supervisor')
  @IF_MATCH
  @ApiOperation({ summary: 'Reopen a decided claim: re-assessed now, then approved or rejected again' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  @ApiUnprocessableEntityResponse({ description: 'The claim is not decided' })
  @ApiConflictResponse({ description: 'Changed concurrently (no If-Match sent)' })
  async reopen(
    @Param('id') id: string,
    @Body() body: ReopenClaimDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new ReopenClaimCommand(
      id,
      body.note,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }

  @Post(':id/appeals')
  @HttpCode(201)
  @Roles('adjudicator')
  @Idempotent()
  @ApiOperation({ summary: 'File an appeal against a decision, within 90 days of it' })
  @ApiCreatedResponse({ description: '{appealId, claimId, status: "OPEN", filedOn, dueBy}' })
  @ApiUnprocessableEntityResponse({ description: 'Not decided, or APPEAL_PERIOD_ENDED' })
  @ApiConflictResponse({ description: 'An appeal is open already' })
  fileAppeal(
    @Param('id') id: string,
    @Body() body: FileAppealDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ): Promise<AppealFiled> {
    return this.commands.execute(
      new FileAppealCommand(id, body.grounds, body.documents, actor, appendContext(actor, req)),
    );
  }

  @Post(':id/appeals/:appealId/decision')
  @HttpCode(200)
  @Roles('supervisor')
  @IF_MATCH
  @ApiOperation({ summary: 'Decide an appeal: UPHELD changes nothing, OVERTURNED reopens the claim' })
  @ApiOkResponse({ type: ClaimViewDto })
  @ApiForbiddenResponse({ description: 'The supervisor took part in the decision' })
  @ApiPreconditionFailedResponse({ description: 'Stale If-Match' })
  async decideAppeal(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() body: DecideAppealDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimResponse> {
    const command = new DecideAppealCommand(
      id,
      appealId,
      body.outcome,
      body.note,
      actor,
      expectedFromIfMatch(req),
      appendContext(actor, req),
    );
    return withETag(res, await this.commands.execute(command));
  }
}
