import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventIdReusedError, EventStore, WrongExpectedVersionError } from '@app/event-store';
import { Clock, EVENT_STORE, MetricsService } from '@app/platform';
import { DomainError, dateInJakarta } from '@app/domain/shared';
import { groupCommitted } from '@app/features/shared';
import {
  currentTransferKey,
  holderNameMatches,
  maskAccountNumber,
  outcomeUnknown,
  payoutDecider,
  PayoutCommand,
  PayoutState,
  payoutStreamId,
} from '@app/domain/payouts';
import {
  BankTransfer,
  DisbursementGateway,
  TransferNotBooked,
  TransferOutcomeUnknown,
  TransferRejected,
} from '../gateway/disbursement-gateway';
import { PayoutSettings } from '../payout-settings';
import { decideOnStream, LoadedStream, loadPayout, systemContext } from '../streams';

/** What the queue knows about the run: the payout stream knows the rest. */
export interface PayoutRun {
  payoutId: string;
  /** Which retry cycle the job belongs to (0: the first). */
  retry: number;
  jobId: string;
  /** BullMQ attempts already made for this job, and its limit. */
  attemptsMade: number;
  maxAttempts: number;
}

export type PayoutRunOutcome = 'PAID' | 'ALREADY_PAID' | 'STALE' | 'DEAD_LETTERED' | 'HELD';

/** This run did not settle the payout; the queue tries again after its backoff. */
export class PayoutRunRetryable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayoutRunRetryable';
  }
}

/**
 * One run of a payout job. The payout stream decides, not the job: a paid payout is never paid
 * again; every result is appended with the revision read, so a second worker finishing the same
 * payout changes nothing; the payout id is the bank's idempotency key, so a repeated transfer is
 * booked once; and a timeout is not a failure: the bank is asked for the transfer's status.
 */
@Injectable()
export class PayoutPayer {
  private readonly logger = new Logger('PayoutPayer');
  /** Appends of jobs running side by side are written together (docs/architecture.md "Payout throughput"). */
  private readonly store: EventStore;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly gateway: DisbursementGateway,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly settings: PayoutSettings,
  ) {
    this.store = groupCommitted(store);
  }

  async pay(run: PayoutRun): Promise<{ outcome: PayoutRunOutcome; bankReference?: string }> {
    // Read once: the run's own appends go on from the revision read (or their own), not a re-read.
    const loaded = await loadPayout(this.store, run.payoutId);
    const { state } = loaded;
    if (!state.exists) throw new PayoutRunRetryable(`payout ${run.payoutId} is not scheduled (yet)`);
    if (state.status === 'PAID')
      return this.count({ outcome: 'ALREADY_PAID', bankReference: state.bankReference });
    // A job of an older cycle, or a payout dead-lettered in this one: the current job (if any) owns it.
    if (state.status === 'DEAD_LETTER' || run.retry < state.retries) return this.count({ outcome: 'STALE' });
    // Waiting for a finance officer: the job that follows their answer sends it.
    if (state.status === 'ON_HOLD' || state.status === 'RETURNED') return this.count({ outcome: 'STALE' });
    const lastAttempt = run.attemptsMade + 1 >= run.maxAttempts;

    let bankHasNoTransfer = false;
    if (outcomeUnknown(state)) {
      const booked = await this.askBank(
        run,
        state,
        lastAttempt,
        `attempt ${state.inFlight?.attempt} has no recorded outcome`,
      );
      if (booked) return this.recordPaid(run, booked, 'STATUS_QUERY');
      bankHasNoTransfer = true;
    }

    if (await this.heldByInquiry(run, state, bankHasNoTransfer)) return this.count({ outcome: 'HELD' });
    // After a status query the stream is as read; the attempt is decided on it, at its revision.
    const started = await this.startAttempt(run, bankHasNoTransfer, loaded);
    if (typeof started === 'string') return this.count({ outcome: started });
    const { attempt, after } = started;
    try {
      const booked = await this.gateway.transfer({
        idempotencyKey: currentTransferKey(state),
        amount: state.amount,
        payee: state.payee,
        ...(state.destination ? { destination: state.destination } : {}),
        reference: state.payoutId,
        claimId: state.claimId,
      });
      return await this.recordPaid(run, booked, 'TRANSFER', after);
    } catch (e) {
      if (e instanceof TransferOutcomeUnknown) {
        // A timeout is not a failure: only the bank knows whether it booked the transfer. A request
        // still inside the bank lands within one more answer deadline, so wait that long, then ask.
        await new Promise((resolve) => setTimeout(resolve, this.settings.gatewayTimeoutMs));
        const booked = await this.askBank(run, state, lastAttempt, `${e.code}: ${e.message}`);
        if (booked) return this.recordPaid(run, booked, 'STATUS_QUERY');
        return this.recordFailure(
          run,
          attempt,
          e.code,
          `${e.message}; the bank has no transfer under this key`,
          true,
          lastAttempt,
        );
      }
      if (e instanceof TransferNotBooked)
        return this.recordFailure(run, attempt, e.code, e.message, true, lastAttempt);
      if (e instanceof TransferRejected)
        return this.recordFailure(run, attempt, e.code, e.message, false, lastAttempt);
      throw e; // e.g. the event store is away: the attempt stays in flight and the next run asks the bank
    }
  }

  /** The bank's record under the payout id; when the bank cannot say, the run ends (dead letter on the last attempt). */
  private async askBank(
    run: PayoutRun,
    state: PayoutState,
    lastAttempt: boolean,
    why: string,
  ): Promise<BankTransfer | undefined> {
    try {
      return await this.gateway.transferStatus(currentTransferKey(state));
    } catch (e) {
      const reason = `outcome unknown (${why}) and the bank could not report the transfer's status: ${(e as Error).message}`;
      if (lastAttempt) {
        await this.decide(run, {
          type: 'DeadLetterPayout',
          data: { reason, at: this.clock.now().toISOString() },
        });
        this.metrics.payouts.inc({ outcome: 'dead_letter' });
        throw new PayoutDeadLetteredError(reason);
      }
      throw new PayoutRunRetryable(reason);
    }
  }

  /**
   * Before the first transfer to an account the bank says whose it is (docs/api.md "Payouts"): an
   * unknown account or a holder whose name does not match the payee's holds the payout. A holder
   * a finance officer confirmed is not asked about again.
   */
  private async heldByInquiry(
    run: PayoutRun,
    state: PayoutState,
    bankHasNoTransfer: boolean,
  ): Promise<boolean> {
    const d = state.destination;
    if (d?.type !== 'ACCOUNT' || state.holderConfirmed) return false;
    let answer;
    try {
      answer = await this.gateway.accountInquiry({
        bankCode: d.bankCode,
        accountNumber: d.accountNumber,
        accountName: d.accountName,
      });
    } catch (e) {
      throw new PayoutRunRetryable(
        `the account inquiry for ${maskAccountNumber(d.accountNumber)} failed: ${(e as Error).message}`,
      );
    }
    if (answer.found && holderNameMatches(state.payee.name, answer.holderName)) return false;
    const at = this.clock.now().toISOString();
    await this.decide(run, {
      type: 'HoldPayout',
      data: answer.found
        ? { reason: 'ACCOUNT_NAME_MISMATCH', bankHolderName: answer.holderName, at, bankHasNoTransfer }
        : { reason: 'ACCOUNT_NOT_FOUND', at, bankHasNoTransfer },
    });
    this.logger.log(
      `payout ${state.payoutId} on hold: account ${maskAccountNumber(d.accountNumber)} ${answer.found ? 'is held by another name' : 'does not exist'}`,
    );
    return true;
  }

  private async startAttempt(
    run: PayoutRun,
    bankHasNoTransfer: boolean,
    known: LoadedStream<PayoutState>,
  ): Promise<{ attempt: number; after: LoadedStream<PayoutState> } | 'ALREADY_PAID' | 'STALE'> {
    try {
      const r = await this.decide(
        run,
        {
          type: 'StartPayoutAttempt',
          data: { jobId: run.jobId, at: this.clock.now().toISOString(), bankHasNoTransfer },
        },
        0,
        known,
      );
      // Same attempt id already stored: another worker started this very attempt a moment ago.
      if (!r.written) throw new PayoutRunRetryable('another worker is paying this payout');
      return { attempt: r.state.inFlight!.attempt, after: { state: r.state, revision: r.revision } };
    } catch (e) {
      if (e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError)
        throw new PayoutRunRetryable('another worker moved this payout; trying again later');
      if (e instanceof DomainError && e.code === 'PAYOUT_ALREADY_PAID') return 'ALREADY_PAID';
      if (e instanceof DomainError && e.code === 'PAYOUT_DEAD_LETTERED') return 'STALE';
      if (e instanceof DomainError && (e.code === 'PAYOUT_ON_HOLD' || e.code === 'PAYOUT_RETURNED'))
        return 'STALE';
      if (e instanceof DomainError && e.code === 'BANK_STATUS_UNKNOWN')
        throw new PayoutRunRetryable(e.message);
      throw e;
    }
  }

  private async recordPaid(
    run: PayoutRun,
    booked: BankTransfer,
    confirmedBy: 'TRANSFER' | 'STATUS_QUERY',
    known?: LoadedStream<PayoutState>,
  ) {
    // The bank's booking time is when the beneficiary was paid (service level).
    const paidAt =
      booked.bookedAt && !Number.isNaN(Date.parse(booked.bookedAt))
        ? new Date(booked.bookedAt).toISOString()
        : this.clock.now().toISOString();
    await this.decide(
      run,
      {
        type: 'RecordPayoutPaid',
        data: {
          bankReference: booked.bankReference,
          amount: booked.amount,
          paidAt,
          paidOn: dateInJakarta(new Date(paidAt)),
          confirmedBy,
          transferKey: booked.idempotencyKey,
        },
      },
      3,
      known,
    );
    return this.count({ outcome: 'PAID', bankReference: booked.bankReference });
  }

  private async recordFailure(
    run: PayoutRun,
    attempt: number,
    code: string,
    reason: string,
    retryable: boolean,
    lastAttempt: boolean,
  ): Promise<never> {
    const r = await this.decide(run, {
      type: 'RecordPayoutAttemptFailed',
      data: { attempt, code, reason, retryable, lastAttempt, at: this.clock.now().toISOString() },
    });
    if (r.state.status === 'DEAD_LETTER') {
      this.metrics.payouts.inc({ outcome: 'dead_letter' });
      throw new PayoutDeadLetteredError(r.state.deadLetter?.reason ?? reason);
    }
    this.metrics.payouts.inc({ outcome: 'failed' });
    throw new PayoutRunRetryable(`${code}: ${reason}`);
  }

  /** The queue gave up on a job outside a run (stalled too often): the payout must not hang in PROCESSING. */
  async deadLetterAbandoned(
    payoutId: string,
    jobId: string,
    retry: number,
    reason: string,
  ): Promise<boolean> {
    const r = await decideOnStream(
      this.store,
      payoutStreamId(payoutId),
      payoutDecider,
      // Only for the job of the payout's current cycle: an older job's end says nothing about it.
      (state: PayoutState): PayoutCommand | undefined =>
        state.exists && state.retries === retry
          ? { type: 'DeadLetterPayout', data: { reason, at: this.clock.now().toISOString() } }
          : undefined,
      systemContext('payout-worker', jobId),
    );
    if (r.written) this.logger.warn(`payout ${payoutId} dead-lettered: ${reason}`);
    return r.written;
  }

  private decide(run: PayoutRun, command: PayoutCommand, retries = 3, known?: LoadedStream<PayoutState>) {
    return decideOnStream(
      this.store,
      payoutStreamId(run.payoutId),
      payoutDecider,
      command,
      systemContext('payout-worker', run.jobId),
      retries,
      known,
    );
  }

  private count<T extends { outcome: PayoutRunOutcome }>(result: T): T {
    this.metrics.payouts.inc({ outcome: result.outcome.toLowerCase() });
    return result;
  }
}

/** The payout is dead-lettered: the job must not be retried by the queue. */
export class PayoutDeadLetteredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayoutDeadLetteredError';
  }
}
