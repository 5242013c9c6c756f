import { AppendContext, EventStore, openSqlClient, SqlEventStore } from '@app/event-store';
import { ClaimRequest } from '@app/domain/claims';
import { Actor, AppConfig, FixedClock } from '@app/platform';
import { ClaimPayoutRecorder } from './claim-payout-recorder';
import { ClaimRepository } from './claim-repository';
import { seedMember } from './seed-member.spec-support';
import {
  ApproveClaimCommand,
  ApproveClaimHandler,
  RejectClaimCommand,
  RejectClaimHandler,
  ReopenClaimCommand,
  ReopenClaimHandler,
  SubmitClaimCommand,
  SubmitClaimHandler,
} from './commands';

const ctx: AppendContext = { actor: 'spec', correlationId: 'spec' };
const adjudicator = (id: string) => ({ id, roles: ['adjudicator'] }) as Actor;
const supervisor: Actor = { id: 'sup-1', roles: ['supervisor'] } as Actor;

const jkmDeath = (memberId: string): ClaimRequest => ({
  memberId,
  benefit: 'JKM_DEATH',
  incidentDate: '2026-03-12',
  reportedOn: '2026-03-20',
  claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
});

describe('overpayment recovery when a later payout is scheduled', () => {
  let store: EventStore;
  let recorder: ClaimPayoutRecorder;

  beforeEach(async () => {
    store = await SqlEventStore.create(await openSqlClient('pglite://memory'));
    recorder = new ClaimPayoutRecorder(store);
  });
  afterEach(() => store.close());

  it('run again for the same payout (a crash before it was scheduled), it finds the recovery: never twice, never lost', async () => {
    const clock = new FixedClock(new Date('2026-04-01T03:00:00Z'));
    const claims = new ClaimRepository(store, clock);
    const config = { holidays: [] } as unknown as AppConfig;
    const memberId = await seedMember(store);
    const submitted = await new SubmitClaimHandler(store, config, clock, claims).execute(
      new SubmitClaimCommand(jkmDeath(memberId), adjudicator('adj-0'), ctx),
    );
    const id = submitted.claimId;
    await new ApproveClaimHandler(store, claims, clock).execute(
      new ApproveClaimCommand(id, undefined, adjudicator('adj-1'), undefined, ctx),
    );
    await new ReopenClaimHandler(claims, clock).execute(
      new ReopenClaimCommand(id, 'heirs', supervisor, undefined, ctx),
    );
    const rejected = await new RejectClaimHandler(claims, clock).execute(
      new RejectClaimCommand(
        id,
        'CLAIMANT_NOT_ENTITLED',
        'not the heir',
        adjudicator('adj-1'),
        undefined,
        ctx,
      ),
    );
    expect(rejected.overpayments).toEqual([
      {
        payee: expect.objectContaining({ name: 'Siti Aminah' }),
        amount: 42_000_000,
        outstanding: 42_000_000,
      },
    ]);

    const payout = {
      payoutId: 'later-payout-1',
      claimId: 'later',
      payee: { kind: 'HEIR' as const, name: 'Siti Aminah' },
      amount: 10_000_000,
      at: '2026-04-02T03:00:00Z',
    };
    expect(await recorder.recoverOverpayments(memberId, payout, ctx)).toBe(10_000_000);
    expect(await recorder.recoverOverpayments(memberId, payout, ctx)).toBe(10_000_000);
    const recoveries = (await store.readStream(`claim-${id}`)).filter(
      (e) => e.type === 'ClaimOverpaymentRecovered',
    );
    expect(recoveries).toHaveLength(1);
    const after = await claims.load(id);
    expect(after.state.status === 'REJECTED' && after.state.corrections?.overpayments[0].outstanding).toBe(
      32_000_000,
    );
    // Another payee of the member recovers nothing.
    expect(
      await recorder.recoverOverpayments(
        memberId,
        { ...payout, payoutId: 'p-2', payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' } },
        ctx,
      ),
    ).toBe(0);
  });
});
