import { scheduleFor } from '../schedule/schedule';
import { specFor } from '../shared/testing';
import { fold } from '../shared/event';
import { latePenaltyFor } from './late-penalty';
import { SchedulePayout } from './payout.commands';
import { payoutDecider } from './payout.decider';
import { PayoutEvent, PayoutScheduled, payoutJobId } from './payout.events';

const given = specFor(payoutDecider);
const AT = '2026-03-02T03:00:00.000Z';
const ID = 'claim-1-payout-1';
/** The schedule's rate (PP 44/2015 art. 37: 1% a day). */
const RATE = scheduleFor('2026-03-11').serviceLevel;

const schedule: SchedulePayout = {
  type: 'SchedulePayout',
  data: {
    payoutId: ID,
    claimId: 'claim-1',
    payee: { kind: 'HEIR', name: 'Siti Aminah' },
    amount: 42_000_000,
    dueBy: '2026-03-11',
    kind: 'BENEFIT',
    lines: ['DEATH_BENEFIT', 'PERIODIC_BENEFIT', 'FUNERAL'],
    at: AT,
  },
};
const scheduled: PayoutScheduled = { type: 'PayoutScheduled', data: { ...schedule.data } };
const started = (attempt: number, jobId = ID): PayoutEvent => ({
  type: 'PayoutAttemptStarted',
  data: { payoutId: ID, attempt, jobId, at: AT },
});
const failed = (attempt: number, retryable = true): PayoutEvent => ({
  type: 'PayoutAttemptFailed',
  data: { payoutId: ID, attempt, code: 'BANK_UNAVAILABLE', reason: '503', retryable, at: AT },
});
const paid: PayoutEvent = {
  type: 'PayoutPaid',
  data: {
    payoutId: ID,
    attempt: 1,
    amount: 42_000_000,
    bankReference: 'SBX-1',
    paidAt: AT,
    paidOn: '2026-03-02',
    confirmedBy: 'TRANSFER',
  },
};
const deadLettered: PayoutEvent = {
  type: 'PayoutDeadLettered',
  data: { payoutId: ID, reason: 'BANK_UNAVAILABLE: 503', attempts: 1, at: AT },
};
const paidCmd = {
  type: 'RecordPayoutPaid' as const,
  data: {
    bankReference: 'SBX-1',
    amount: 42_000_000,
    paidAt: AT,
    paidOn: '2026-03-02',
    confirmedBy: 'TRANSFER' as const,
  },
};

describe('payout decider: one stream per payout, paid at most once in effect', () => {
  describe('scheduling', () => {
    it('an approved payout is scheduled as QUEUED with a deterministic event id', () => {
      given([])
        .when(schedule)
        .then([{ type: 'PayoutScheduled', id: `${ID}:scheduled`, data: schedule.data }]);
      expect(fold(payoutDecider, [scheduled]).status).toBe('QUEUED');
    });
    it('seeing the same approval again schedules nothing', () => {
      given([scheduled]).when(schedule).then([]);
    });
    it('the same payout id with other terms is a conflict', () => {
      given([scheduled])
        .when({ ...schedule, data: { ...schedule.data, amount: 1 } })
        .thenThrows('PAYOUT_EXISTS', 'conflict');
    });
    it('amounts are positive whole Rupiah and ids carry no ":" (they become BullMQ job ids)', () => {
      const e = given([])
        .when({ ...schedule, data: { ...schedule.data, amount: 10.5, payoutId: 'a:b' } })
        .thenThrows('VALIDATION');
      expect(e.fieldErrors.map((f) => f.field).sort()).toEqual(['amount', 'payoutId']);
    });
  });

  describe('attempts', () => {
    it('a worker starts attempt n+1 with an id per attempt (a job run twice writes it once)', () => {
      given([scheduled, started(1), failed(1)])
        .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
        .then([
          {
            type: 'PayoutAttemptStarted',
            id: `${ID}:attempt:2`,
            data: expect.objectContaining({ attempt: 2 }),
          },
        ]);
    });
    it('a paid payout is never attempted again', () => {
      given([scheduled, started(1), paid])
        .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
        .thenThrows('PAYOUT_ALREADY_PAID', 'not_allowed');
    });
    it('a timeout is not a failure: with an attempt in flight, the bank must be asked first', () => {
      given([scheduled, started(1)])
        .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
        .thenThrows('BANK_STATUS_UNKNOWN', 'not_allowed');
      given([scheduled, started(1)])
        .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT, bankHasNoTransfer: true } })
        .then([{ type: 'PayoutAttemptStarted', data: expect.objectContaining({ attempt: 2 }) }]);
    });
    it('a dead-lettered payout needs a retry before another attempt', () => {
      given([scheduled, started(1), failed(1, false), deadLettered])
        .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
        .thenThrows('PAYOUT_DEAD_LETTERED');
    });
  });

  describe('results', () => {
    it('the bank booked the transfer: PAID with its reference', () => {
      given([scheduled, started(1)])
        .when(paidCmd)
        .then([
          {
            type: 'PayoutPaid',
            id: `${ID}:paid`,
            data: expect.objectContaining({ bankReference: 'SBX-1', attempt: 1 }),
          },
        ]);
    });
    it('a second worker finishing the same payout changes nothing', () => {
      given([scheduled, started(1), paid])
        .when(paidCmd)
        .then([]);
    });
    it('two bank references for one payout is a conflict (a duplicate payment)', () => {
      given([scheduled, started(1), paid])
        .when({ ...paidCmd, data: { ...paidCmd.data, bankReference: 'SBX-2' } })
        .thenThrows('PAID_TWICE', 'conflict');
    });
    it("the bank's word wins over a dead letter: money that moved is recorded", () => {
      given([scheduled, started(1), deadLettered])
        .when(paidCmd)
        .then([{ type: 'PayoutPaid' }]);
    });
    it('a retryable failure leaves the payout FAILED, waiting for the next attempt', () => {
      given([scheduled, started(1)])
        .when({
          type: 'RecordPayoutAttemptFailed',
          data: {
            attempt: 1,
            code: 'BANK_UNAVAILABLE',
            reason: '503',
            retryable: true,
            lastAttempt: false,
            at: AT,
          },
        })
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['PayoutAttemptFailed']);
          expect(events[0].id).toBe(`${ID}:attempt:1:failed`);
          expect(fold(payoutDecider, [scheduled, started(1), ...events]).status).toBe('FAILED');
        });
    });
    it('after the last attempt the payout is dead-lettered with the reason', () => {
      given([scheduled, started(1)])
        .when({
          type: 'RecordPayoutAttemptFailed',
          data: {
            attempt: 1,
            code: 'BANK_UNAVAILABLE',
            reason: '503',
            retryable: true,
            lastAttempt: true,
            at: AT,
          },
        })
        .then([
          { type: 'PayoutAttemptFailed' },
          {
            type: 'PayoutDeadLettered',
            id: `${ID}:dead-letter:0`,
            data: expect.objectContaining({ reason: expect.stringContaining('BANK_UNAVAILABLE') }),
          },
        ]);
    });
    it('a refusal by the bank is not retried', () => {
      given([scheduled, started(1)])
        .when({
          type: 'RecordPayoutAttemptFailed',
          data: {
            attempt: 1,
            code: 'ACCOUNT_REJECTED',
            reason: 'closed',
            retryable: false,
            lastAttempt: false,
            at: AT,
          },
        })
        .then([{ type: 'PayoutAttemptFailed' }, { type: 'PayoutDeadLettered' }]);
    });
    it('a failure of an attempt already settled is stale and records nothing', () => {
      given([scheduled, started(1), paid])
        .when({
          type: 'RecordPayoutAttemptFailed',
          data: { attempt: 1, code: 'X', reason: 'x', retryable: true, lastAttempt: false, at: AT },
        })
        .then([]);
    });
  });

  describe('retry', () => {
    it('a finance officer retries a DEAD_LETTER payout: QUEUED again under job id -retry-1, without the colons BullMQ reserves', () => {
      const events = given([scheduled, started(1), failed(1, false), deadLettered])
        .when({ type: 'RequestPayoutRetry', data: { by: 'fo-1', at: AT } })
        .then([
          {
            type: 'PayoutRetryRequested',
            id: `${ID}:retry:1`,
            data: expect.objectContaining({ retry: 1, by: 'fo-1' }),
          },
        ]);
      const state = fold(payoutDecider, [scheduled, started(1), failed(1, false), deadLettered, ...events]);
      expect(state.status).toBe('QUEUED');
      expect(payoutJobId(ID, state.retries)).toBe(`${ID}-retry-1`);
    });
    it('only a DEAD_LETTER payout can be retried', () => {
      given([scheduled])
        .when({ type: 'RequestPayoutRetry', data: { by: 'fo-1', at: AT } })
        .thenThrows('PAYOUT_NOT_DEAD_LETTERED', 'not_allowed');
    });
    it('a dead letter with an attempt in flight keeps it: the retry asks the bank first', () => {
      const state = fold(payoutDecider, [
        scheduled,
        started(1),
        deadLettered,
        { type: 'PayoutRetryRequested', data: { payoutId: ID, retry: 1, by: 'fo', at: AT } },
      ]);
      expect(state.inFlight?.attempt).toBe(1);
    });
  });

  describe('service level (PP 44/2015 art. 37)', () => {
    const benefit = fold(payoutDecider, [scheduled]);
    it('a benefit paid on its due date owes no penalty', () => {
      expect(latePenaltyFor(benefit, '2026-03-11', AT, RATE)).toBeUndefined();
    });
    it('a benefit paid 3 days late owes 1% per day as its own LATE_PENALTY payout line', () => {
      const cmd = latePenaltyFor(benefit, '2026-03-14', AT, RATE)!;
      expect(cmd.data).toMatchObject({
        payoutId: `${ID}-late-penalty`,
        kind: 'LATE_PENALTY',
        amount: 1_260_000,
        payee: benefit.payee,
        lines: ['LATE_PENALTY'],
        penaltyFor: { payoutId: ID, daysLate: 3, dueBy: '2026-03-11', paidOn: '2026-03-14' },
      });
      given([])
        .when(cmd)
        .then([{ type: 'PayoutScheduled', data: expect.objectContaining({ kind: 'LATE_PENALTY' }) }]);
    });
    it('the rate is the one given, from the schedule (no constant): 0.5% a day is half', () => {
      expect(
        latePenaltyFor(benefit, '2026-03-14', AT, { latePenaltyPercentPerDay: 0.5 })!.data,
      ).toMatchObject({
        amount: 630_000,
        penaltyFor: { ratePercentPerDay: 0.5 },
      });
    });
    it('a payout to a provider (medical care, home care, aids) owes no late penalty', () => {
      for (const line of ['MEDICAL_CARE', 'HOME_CARE', 'REHABILITATION_AID'] as const) {
        const provider = fold(payoutDecider, [
          {
            type: 'PayoutScheduled',
            data: { ...schedule.data, payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' }, lines: [line] },
          },
        ]);
        expect(latePenaltyFor(provider, '2026-03-20', AT, RATE)).toBeUndefined();
      }
    });
    it('a late penalty owes no penalty of its own', () => {
      const penalty = fold(
        payoutDecider,
        payoutDecider.decide(latePenaltyFor(benefit, '2026-03-14', AT, RATE)!, payoutDecider.initialState()),
      );
      expect(latePenaltyFor(penalty, '2026-04-30', AT, RATE)).toBeUndefined();
    });
  });
});
