import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { EventStore, SqlClient } from '@app/event-store';
import {
  Actor,
  Clock,
  CurrentActor,
  EVENT_STORE,
  Idempotent,
  problem,
  ProblemException,
  READ_DB,
  Roles,
} from '@app/platform';
import { DomainError } from '@app/domain/shared';
import { payoutDecider, payoutJobId, payoutStreamId } from '@app/domain/payouts';
import { findPayout, listPayouts, PayoutView } from '@app/read-models/payouts';
import { decideOnStream } from '../streams';
import {
  ChangeDestinationDto,
  DestinationAcceptedDto,
  PayoutDto,
  PayoutListQueryDto,
  PayoutPageDto,
  PayoutRetryAcceptedDto,
} from './payout.dto';

/** docs/api.md "Payouts": the payout queue as finance officers and auditors see it. */
@ApiTags('payouts')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The token lacks the role' })
@Controller('api/payouts')
export class PayoutsController {
  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('finance-officer', 'auditor')
  @ApiOperation({ summary: 'Payouts in the order they were scheduled, by status and claim' })
  @ApiOkResponse({ type: PayoutPageDto })
  async list(@Query() q: PayoutListQueryDto): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    const after = q.cursor === undefined ? undefined : Number(q.cursor);
    if (after !== undefined && !Number.isSafeInteger(after))
      throw ProblemException.validation([
        { field: 'cursor', message: 'is not a cursor returned by this API' },
      ]);
    const page = await listPayouts(this.db, {
      status: q.status,
      claimId: q.claimId,
      after,
      limit: q.limit ?? 50,
    });
    return { items: page.items, nextCursor: page.next === null ? null : String(page.next) };
  }

  @Post(':payoutId/destination')
  @HttpCode(202)
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'A new destination for an ON_HOLD or RETURNED payout, or the bank holder confirmed',
    description:
      'Body `{bankCode, accountNumber, accountName}` (a corrected account) or `{confirmHolder: true}` (on ' +
      'ACCOUNT_NAME_MISMATCH: the holder the bank named is the payee). Records PayoutDestinationChanged with ' +
      'the actor and the reason it answers; the payout is sent again under a new transfer key.',
  })
  @ApiAcceptedResponse({ type: DestinationAcceptedDto })
  @ApiNotFoundResponse({ description: 'No such payout' })
  @ApiUnprocessableEntityResponse({
    description: 'The payout is not ON_HOLD or RETURNED (PAYOUT_NOT_HELD_OR_RETURNED), or nothing to confirm',
  })
  async changeDestination(
    @Param('payoutId') payoutId: string,
    @Body() body: ChangeDestinationDto,
    @CurrentActor() actor: Actor,
  ): Promise<DestinationAcceptedDto> {
    const account = body.bankCode ?? body.accountNumber ?? body.accountName;
    if (body.confirmHolder === true && account !== undefined)
      throw ProblemException.validation([
        { field: 'confirmHolder', message: 'give either a corrected account or confirmHolder, not both' },
      ]);
    const payTo =
      body.confirmHolder === true
        ? undefined
        : {
            bankCode: body.bankCode as string,
            accountNumber: body.accountNumber as string,
            accountName: body.accountName as string,
          };
    try {
      const { state } = await decideOnStream(
        this.store,
        payoutStreamId(payoutId),
        payoutDecider,
        {
          type: 'ChangePayoutDestination',
          data: {
            ...(payTo ? { payTo } : { confirmHolder: true }),
            by: actor.id,
            at: this.clock.now().toISOString(),
          },
        },
        { actor: actor.id, correlationId: `payout-destination:${payoutId}`, causationId: null },
        0,
      );
      return {
        payoutId,
        status: 'QUEUED',
        destination: state.destination!,
        jobId: payoutJobId(payoutId, state.retries),
      };
    } catch (e) {
      if (e instanceof DomainError && e.code === 'PAYOUT_NOT_FOUND')
        throw new ProblemException(
          problem(404, `Payout ${payoutId} does not exist`, { code: 'PAYOUT_NOT_FOUND' }),
        );
      throw e;
    }
  }

  @Get(':payoutId')
  @Roles('finance-officer', 'auditor')
  @ApiOperation({ summary: 'One payout' })
  @ApiOkResponse({ type: PayoutDto })
  @ApiNotFoundResponse({ description: 'No such payout' })
  async get(@Param('payoutId') payoutId: string): Promise<PayoutView> {
    const payout = await findPayout(this.db, payoutId);
    if (!payout)
      throw new ProblemException(
        problem(404, `Payout ${payoutId} does not exist`, { code: 'PAYOUT_NOT_FOUND' }),
      );
    return payout;
  }

  @Post(':payoutId/retry')
  @HttpCode(202)
  @Idempotent()
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Send a DEAD_LETTER payout back to the queue',
    description:
      'Records PayoutRetryRequested on the payout stream; the outbox relay enqueues job `<payoutId>-retry-<n>`. ' +
      'If the last attempt may have reached the bank, the worker asks the bank before paying again.',
  })
  @ApiAcceptedResponse({ type: PayoutRetryAcceptedDto })
  @ApiNotFoundResponse({ description: 'No such payout' })
  @ApiUnprocessableEntityResponse({ description: 'The payout is not DEAD_LETTER (PAYOUT_NOT_DEAD_LETTERED)' })
  async retry(
    @Param('payoutId') payoutId: string,
    @CurrentActor() actor: Actor,
  ): Promise<PayoutRetryAcceptedDto> {
    try {
      // The command writes an event and nothing else (guarantee 6): the relay talks to Redis.
      const { state } = await decideOnStream(
        this.store,
        payoutStreamId(payoutId),
        payoutDecider,
        { type: 'RequestPayoutRetry', data: { by: actor.id, at: this.clock.now().toISOString() } },
        { actor: actor.id, correlationId: `payout-retry:${payoutId}`, causationId: null },
        0,
      );
      return {
        payoutId,
        status: 'QUEUED',
        retry: state.retries,
        jobId: payoutJobId(payoutId, state.retries),
      };
    } catch (e) {
      if (e instanceof DomainError && e.code === 'PAYOUT_NOT_FOUND')
        throw new ProblemException(
          problem(404, `Payout ${payoutId} does not exist`, { code: 'PAYOUT_NOT_FOUND' }),
        );
      throw e;
    }
  }
}
