import { AppendContext, EventStore, openSqlClient, SqlEventStore } from '@app/event-store';
import { ClaimRequest, Payee } from '@app/domain/claims';
import { Actor, AppConfig, FixedClock, ProblemException } from '@app/platform';
import { ClaimPayoutRecorder } from './claim-payout-recorder';
import { ClaimRepository } from './claim-repository';
import { seedMember } from './seed-member.spec-support';
import {
  ApproveClaimCommand,
  ApproveClaimHandler,
  ReopenClaimCommand,
  ReopenClaimHandler,
  SubmitClaimCommand,
  SubmitClaimHandler,
} from './commands';

/**
 * A person's command racing the service's own write to the same claim (docs/http-conventions.md
 * "Concurrency"): the payout process recording a payout's status (ClaimPayoutUpdated) lands
 * between the person's read and write. Without If-Match the command is decided again on the
 * current state; with If-Match it stays a 412; a race lost to another person stays a 409.
 */

const ctx: AppendContext = { actor: 'spec', correlationId: 'spec' };
const adjudicator = (id: string) => ({ id, roles: ['adjudicator'] }) as Actor;
const supervisor = (id: string) => ({ id, roles: ['supervisor'] }) as Actor;
const system: AppendContext = { actor: 'system:payout-process-manager', correlationId: 'payout' };

/** The store the person's command uses: before its next `appendMany` each time, `competitor` writes first. */
function racingStore(store: EventStore, competitor: { before?: () => Promise<void>; times: number }) {
  let raced = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'appendMany')
        return async (...args: Parameters<EventStore['appendMany']>) => {
          if (raced < competitor.times && competitor.before) {
            raced++;
            await competitor.before();
          }
          return target.appendMany(...args);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemException) return e.problem;
    throw e;
  }
  throw new Error('the command succeeded');
};

describe("a person's command racing the payout process on the same claim", () => {
  const clock = new FixedClock(new Date('2026-04-01T03:00:00Z'));
  let store: EventStore;
  let claimId: string;
  let payout: { payoutId: string; amount: number; payee: Payee };
  let cycle: number;

  /** The payout process's write: the payout's next status on the claim, through its own path. */
  const recordNextStatus = async () => {
    cycle += 1;
    const recorded = await new ClaimPayoutRecorder(store).record(
      claimId,
      { ...payout, status: cycle % 2 ? 'PROCESSING' : 'FAILED', cycle, at: clock.now().toISOString() },
      system,
    );
    expect(recorded.recorded).toBe(true);
  };
  const reopen = (s: EventStore, expected?: number, by = 'sup-1') =>
    new ReopenClaimHandler(new ClaimRepository(s, clock), clock).execute(
      new ReopenClaimCommand(claimId, 'heirs to be checked', supervisor(by), expected, ctx),
    );
  const types = async () => (await store.readStream(`claim-${claimId}`)).map((e) => e.type);

  beforeEach(async () => {
    store = await SqlEventStore.create(await openSqlClient('pglite://memory'));
    const claims = new ClaimRepository(store, clock);
    const memberId = await seedMember(store);
    const request: ClaimRequest = {
      memberId,
      benefit: 'JKM_DEATH',
      incidentDate: '2026-03-12',
      reportedOn: '2026-03-20',
      claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    };
    const submitted = await new SubmitClaimHandler(
      store,
      { holidays: [] } as unknown as AppConfig,
      clock,
      claims,
    ).execute(new SubmitClaimCommand(request, adjudicator('adj-0'), ctx));
    claimId = submitted.claimId;
    await new ApproveClaimHandler(store, claims, clock).execute(
      new ApproveClaimCommand(claimId, undefined, adjudicator('adj-1'), undefined, ctx),
    );
    const approved = (await store.readStream(`claim-${claimId}`)).find((e) => e.type === 'ClaimApproved')!;
    const [first] = (approved.data as { payouts: { payoutId: string; amount: number; payee: Payee }[] })
      .payouts;
    payout = { payoutId: first.payoutId, amount: first.amount, payee: first.payee };
    cycle = 0;
  });
  afterEach(() => store.close());

  it('without If-Match, a reopening that lost its race to ClaimPayoutUpdated is decided again and applied', async () => {
    const reopened = await reopen(racingStore(store, { before: recordNextStatus, times: 1 }));
    expect(reopened.status).toBe('ASSESSED');
    const written = await types();
    expect(written.slice(-3)).toEqual(['ClaimPayoutUpdated', 'ClaimReopened', 'ClaimAssessed']);
    // The payout the process recorded is on the claim the person reopened.
    expect(reopened.payouts).toEqual([
      expect.objectContaining({ payoutId: payout.payoutId, status: 'PROCESSING' }),
    ]);
  });

  it('with If-Match, the same race is a 412 and nothing of the command is written', async () => {
    const revision = (await store.readStream(`claim-${claimId}`)).length - 1;
    const answer = await problemOf(
      reopen(racingStore(store, { before: recordNextStatus, times: 1 }), revision),
    );
    expect(answer).toMatchObject({ status: 412, code: 'STALE_VERSION' });
    expect(await types()).not.toContain('ClaimReopened');
  });

  it('the retry is bounded: a process that wins every attempt leaves a 409', async () => {
    const answer = await problemOf(reopen(racingStore(store, { before: recordNextStatus, times: 100 })));
    expect(answer).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION' });
    expect(await types()).not.toContain('ClaimReopened');
    expect((await types()).filter((t) => t === 'ClaimPayoutUpdated')).toHaveLength(5);
  });

  it('a race lost to another person is still a 409: their action is never re-applied to what they did not see', async () => {
    const other = async () => {
      await reopen(store, undefined, 'sup-2');
    };
    const answer = await problemOf(reopen(racingStore(store, { before: other, times: 1 })));
    expect(answer).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION' });
    expect((await types()).filter((t) => t === 'ClaimReopened')).toHaveLength(1);
  });
});
