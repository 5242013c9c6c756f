import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Request } from 'express';
import { Actor, CurrentActor, Idempotent, Roles } from '@app/platform';
import { appendContext } from '../shared/command-support';
import {
  AllocateContributionPaymentCommand,
  RecordContributionPaymentCommand,
  ReverseContributionPaymentCommand,
} from './commands';
import {
  ContributionReversalResultDto,
  ReverseContributionPaymentDto,
} from './dto/reverse-contribution-payment.dto';
import { contributionPaymentResultOf } from './contribution-payment-view';
import {
  ContributionPaymentResultDto,
  ContributionPaymentViewDto,
} from './dto/contribution-payment-view.dto';
import { RecordContributionPaymentDto } from './dto/record-contribution-payment.dto';
import { GetContributionPaymentQuery } from './queries';

@ApiTags('contributions')
@Controller('api/contribution-payments')
export class ContributionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance-officer')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    summary: "Record a sponsor payment for a period and allocate it to each member's month",
    description:
      'A member-month is paid at most once: one already paid is counted in alreadyPaid and charged nothing. ' +
      'Without memberIds, the payment is for every member whose membership is active in the period.',
  })
  @ApiCreatedResponse({ type: ContributionPaymentResultDto })
  @ApiConflictResponse({ description: 'The reference was used before; `paymentId` names that payment' })
  @ApiBadRequestResponse({ description: 'Invalid fields, or unknown member ids (listed; nothing is posted)' })
  async record(
    @Body() body: RecordContributionPaymentDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    const state = await this.commands.execute(
      new RecordContributionPaymentCommand({ ...body }, appendContext(actor, req)),
    );
    return contributionPaymentResultOf(state);
  }

  @Get(':paymentId')
  @ApiOperation({ summary: 'A contribution payment and its allocation' })
  @ApiOkResponse({ type: ContributionPaymentViewDto })
  @ApiNotFoundResponse()
  get(@Param('paymentId') paymentId: string) {
    return this.queries.execute(new GetContributionPaymentQuery(paymentId));
  }

  @Post(':paymentId/allocation')
  @Roles('finance-officer')
  @HttpCode(200)
  @ApiOperation({
    summary: "Finish a payment's allocation (idempotent)",
    description: 'Allocation also resumes by itself when the service starts; this runs it now.',
  })
  @ApiOkResponse({ type: ContributionPaymentViewDto })
  @ApiNotFoundResponse()
  async allocate(@Param('paymentId') paymentId: string) {
    await this.commands.execute(new AllocateContributionPaymentCommand(paymentId));
    return this.queries.execute(new GetContributionPaymentQuery(paymentId));
  }

  @Post(':paymentId/reversals')
  @Roles('finance-officer')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    summary: "Reverse a payment (returned by the sponsor's bank), in whole or for some members",
    description:
      'A reversed member-month counts as never paid by this payment (coverage, lapse, contribution months); ' +
      'it may be paid again later. Idempotent per member-month: one reversed before is counted in alreadyReversed.',
  })
  @ApiCreatedResponse({ type: ContributionReversalResultDto })
  @ApiBadRequestResponse({
    description: 'Member ids the payment did not cover (listed; nothing is reversed)',
  })
  @ApiNotFoundResponse()
  reverse(
    @Param('paymentId') paymentId: string,
    @Body() body: ReverseContributionPaymentDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new ReverseContributionPaymentCommand(paymentId, { ...body }, appendContext(actor, req)),
    );
  }
}
