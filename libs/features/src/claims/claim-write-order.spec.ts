import {
  AppendContext,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  openSqlClient,
  SqlEventStore,
  StreamWrite,
} from '@app/event-store';
import { ClaimRequest } from '@app/domain/claims';
import { memberDecider } from '@app/domain/members';
import { Actor, AppConfig, FixedClock } from '@app/platform';
import { loadStream } from '../shared';
import { ClaimRepository } from './claim-repository';
import { lodgedClaimIds, memberClaimsStreamId } from './claim-streams';
import { seedMember } from './seed-member.spec-support';
import { ApproveClaimHandler, SubmitClaimHandler, SubmitClaimCommand, ApproveClaimCommand } from './commands';

/**
 * The SQL adapter, written the way KurrentDB writes several streams: one by one, in order, not
 * atomically; and a fault that makes one chosen write of an append fail.
 */
class OneByOneStore {
  /** After this many more stream writes succeed, the next one fails (the process died). */
  failAfterWrites?: number;
  readonly written: string[] = [];

  constructor(readonly inner: EventStore) {}

  asStore(): EventStore {
    return new Proxy(this.inner, {
      get: (target, prop) => {
        if (prop === 'appendMany')
          return (writes: StreamWrite[], ctx: AppendContext) => this.appendMany(writes, ctx);
        if (prop === 'append')
          return (s: string, e: NewEvent[], x: ExpectedRevision, ctx: AppendContext) =>
            this.appendMany([{ streamId: s, events: e, expected: x }], ctx).then((r) => r[0]);
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const w of writes) {
      if (this.failAfterWrites !== undefined && this.failAfterWrites-- === 0) {
        this.failAfterWrites = undefined;
        throw new Error('injected fault: the process died between two writes');
      }
      results.push(await this.inner.append(w.streamId, w.events, w.expected, ctx));
      this.written.push(w.streamId);
    }
    return results;
  }
}

const ctx: AppendContext = { actor: 'spec', correlationId: 'spec' };
const submitter: Actor = { id: 'adj-0', roles: ['adjudicator'] } as Actor;
const adjudicator: Actor = { id: 'adj-1', roles: ['adjudicator'] } as Actor;
const supervisor: Actor = { id: 'sup-1', roles: ['supervisor'] } as Actor;
const config = { holidays: [] } as unknown as AppConfig;

const jkkDeath = (memberId: string): ClaimRequest => ({
  memberId,
  benefit: 'JKK_DEATH',
  incidentDate: '2026-03-10',
  dateOfDeath: '2026-03-12',
  reportedOn: '2026-03-20',
  claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
});

describe('claim writes that span streams, on the SQL adapter written one stream at a time', () => {
  let sql: EventStore;
  let faulty: OneByOneStore;
  let submit: SubmitClaimHandler;
  let approve: ApproveClaimHandler;
  let claims: ClaimRepository;

  beforeEach(async () => {
    sql = await SqlEventStore.create(await openSqlClient('pglite://memory'));
    faulty = new OneByOneStore(sql);
    const store = faulty.asStore();
    const clock = new FixedClock(new Date('2026-04-01T03:00:00Z'));
    claims = new ClaimRepository(store, clock);
    submit = new SubmitClaimHandler(store, config, clock, claims);
    approve = new ApproveClaimHandler(store, claims, clock);
  });
  afterEach(() => sql.close());

  it('a submission whose second write fails leaves no claim outside the index; the retry lodges one eligible claim', async () => {
    const memberId = await seedMember(sql);
    faulty.failAfterWrites = 1;
    await expect(submit.execute(new SubmitClaimCommand(jkkDeath(memberId), submitter, ctx))).rejects.toThrow(
      'injected fault',
    );
    const retried = await submit.execute(new SubmitClaimCommand(jkkDeath(memberId), submitter, ctx));

    const lodged = lodgedClaimIds(await sql.readStream(memberClaimsStreamId(memberId)));
    const claimStreams = faulty.written.filter((s) => s.startsWith('claim-')).map((s) => s.slice(6));
    expect(claimStreams.every((id) => lodged.includes(id))).toBe(true);
    expect(claimStreams).toEqual([retried.claimId]);
    expect(retried.assessment.eligible).toBe(true);
  });

  it('a death approval whose member write fails is completed by approving again: claim approved, member deceased', async () => {
    const memberId = await seedMember(sql);
    const claim = await submit.execute(new SubmitClaimCommand(jkkDeath(memberId), submitter, ctx));
    await approve.execute(new ApproveClaimCommand(claim.claimId, undefined, adjudicator, undefined, ctx));
    faulty.failAfterWrites = 1;
    // The second approval: ClaimApproved lands, the member's MemberDeceased does not (yet).
    const failed = approve.execute(
      new ApproveClaimCommand(claim.claimId, undefined, supervisor, undefined, ctx),
    );
    await expect(failed).rejects.toThrow();

    const again = await approve.execute(
      new ApproveClaimCommand(claim.claimId, undefined, supervisor, undefined, ctx),
    );
    expect(again.status).toBe('APPROVED');
    const member = await loadStream(sql, `member-${memberId}`, memberDecider);
    expect(member.state.deceasedOn).toBe('2026-03-12');
    expect(member.state.deathClaimId).toBe(claim.claimId);
    // Approving once more changes nothing: the member is deceased once.
    const deceased = member.events.filter((e) => e.type === 'MemberDeceased');
    expect(deceased).toHaveLength(1);
  });
});
