import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@app/event-store';
import {
  APP_CONFIG,
  AppConfig,
  CALLBACK_SECRET_HEADER,
  Clock,
  EVENT_STORE,
  problem,
  ProblemException,
  Public,
  requireCallbackSecret,
} from '@app/platform';
import { DomainError } from '@app/domain/shared';
import { payoutOfTransferKey } from '@app/domain/payouts';
import { recordReturn } from '../returns/payout-returns';
import { BankNoticeDto } from './payout.dto';

/**
 * The disbursement bank's callbacks (docs/api.md "Payouts"): outside /api, since the bank holds
 * no person's token; it proves itself with the shared secret PAYOUT_CALLBACK_SECRET instead.
 */
@ApiTags('payouts')
@Controller('callbacks')
export class BankCallbacksController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('payout-returns')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: "The bank's notice of a returned transfer (shared secret in X-Callback-Secret)",
    description:
      'The disbursement bank calls this when a booked transfer comes back (account closed). The secret is ' +
      'PAYOUT_CALLBACK_SECRET; unset, every notice is refused. The payout becomes RETURNED.',
  })
  async bankNotice(
    @Headers(CALLBACK_SECRET_HEADER) secret: string | undefined,
    @Body() body: BankNoticeDto,
  ): Promise<{ payoutId: string; status: 'RETURNED'; recorded: boolean }> {
    // Checked before the body was parsed too (bootstrap); here for any app mounting this controller.
    requireCallbackSecret(secret, this.config.payoutCallbackSecret);
    const payoutId = payoutOfTransferKey(body.idempotencyKey).payoutId;
    try {
      const recorded = await recordReturn(this.store, body, 'CALLBACK', this.clock.now().toISOString());
      return { payoutId, status: 'RETURNED', recorded };
    } catch (e) {
      if (e instanceof DomainError && (e.code === 'PAYOUT_NOT_FOUND' || e.code === 'TRANSFER_NOT_FOUND'))
        throw new ProblemException(problem(404, e.message, { code: e.code }));
      throw e;
    }
  }
}
