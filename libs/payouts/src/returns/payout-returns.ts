import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventStore, SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, Clock, EVENT_STORE, READ_DB } from '@app/platform';
import { DomainError } from '@app/domain/shared';
import { payoutDecider, payoutOfTransferKey, payoutStreamId } from '@app/domain/payouts';
import { paidTransfersToAccounts } from '@app/read-models/payouts';
import { DisbursementGateway } from '../gateway/disbursement-gateway';
import { PayoutSettings } from '../payout-settings';
import { decideOnStream, systemContext } from '../streams';

/** A returned transfer as the bank reports it (its notice or a status check). */
export interface ReturnNotice {
  /** The transfer's idempotency key: the payout id, `-d<n>` after a new destination. */
  idempotencyKey: string;
  bankReference: string;
  reason: string;
}

/** Records a returned transfer on its payout; false when it was recorded already. */
export async function recordReturn(
  store: EventStore,
  notice: ReturnNotice,
  noticedBy: 'CALLBACK' | 'STATUS_CHECK',
  at: string,
): Promise<boolean> {
  const { payoutId } = payoutOfTransferKey(notice.idempotencyKey);
  const r = await decideOnStream(
    store,
    payoutStreamId(payoutId),
    payoutDecider,
    {
      type: 'RecordPayoutReturned',
      data: {
        bankReference: notice.bankReference,
        transferKey: notice.idempotencyKey,
        reason: notice.reason,
        noticedBy,
        at,
      },
    },
    systemContext(noticedBy === 'CALLBACK' ? 'bank-notice' : 'payout-return-check'),
  );
  return r.written;
}

/**
 * Status checks of recently paid transfers to accounts (docs/api.md "Payouts"): every
 * PAYOUT_RETURN_CHECK_INTERVAL_MS, each payout paid to an account within
 * PAYOUT_RETURN_CHECK_WINDOW_MS is looked up at the bank; a returned one becomes RETURNED. The
 * bank's own notices (POST /callbacks/payout-returns) usually come first; this catches the rest.
 */
@Injectable()
export class PayoutReturnChecker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutReturnChecker');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private lastRound = Date.now();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: DisbursementGateway,
    private readonly settings: PayoutSettings,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.payoutConcurrency < 1) return; // the workers run elsewhere
    this.schedule();
  }

  /** A round every PAYOUT_RETURN_CHECK_INTERVAL_MS, looked at each second (tests shorten it). */
  private schedule(): void {
    this.timer = setTimeout(
      () => {
        const due = Date.now() - this.lastRound >= this.settings.returnCheckIntervalMs;
        this.running = (due ? this.checkOnce() : Promise.resolve(0))
          .catch((e: Error) => this.logger.warn(`checking paid transfers for returns: ${e.message}`))
          .finally(() => {
            if (due) this.lastRound = Date.now();
            this.running = undefined;
            if (!this.stopped) this.schedule();
          });
      },
      Math.min(1_000, this.settings.returnCheckIntervalMs),
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round of checks; returns how many returns it recorded. */
  async checkOnce(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - this.settings.returnCheckWindowMs).toISOString();
    let recorded = 0;
    for (const key of await paidTransfersToAccounts(this.db, since)) {
      const transfer = await this.gateway.transferStatus(key);
      if (transfer?.status !== 'RETURNED') continue;
      try {
        const written = await recordReturn(
          this.store,
          {
            idempotencyKey: key,
            bankReference: transfer.bankReference,
            reason: transfer.returnReason ?? 'RETURNED',
          },
          'STATUS_CHECK',
          this.clock.now().toISOString(),
        );
        if (written) recorded++;
      } catch (e) {
        // The read model was behind (the payout moved on): the next round sees it as it is.
        if (!(e instanceof DomainError)) throw e;
      }
    }
    if (recorded > 0) this.logger.log(`${recorded} returned transfer(s) recorded`);
    return recorded;
  }
}
