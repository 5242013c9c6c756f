import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EsdbEventStore, EventStore, openSqlClient, SqlEventStore } from '@app/event-store';
import { contributionPaymentDecider, MEMBER_IDS_PER_EVENT } from '@app/domain/contributions';
import { EsdbTestServer } from '@app/testing';
import { loadStream } from '../shared/command-support';
import { appendEach, paymentStreamId, writeContributionPayment } from './contribution-streams';

const ctx = { actor: 'treasurer', correlationId: 'corr-parts' };

function decide(paymentId: string, reference: string, memberIds: string[]) {
  return contributionPaymentDecider.decide(
    {
      type: 'RecordContributionPayment',
      data: { paymentId, period: '2026-01', paidOn: '2026-01-05', reference, memberIds, actor: ctx.actor },
    },
    contributionPaymentDecider.initialState(),
  );
}

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

/** A payment's member list in parts: every store takes a list far past one event's 1 MiB. */
describe('contribution payment member lists in parts', () => {
  let server: EsdbTestServer;
  let esdb: EsdbEventStore;
  let pglite: EventStore;
  let dir: string;

  beforeAll(async () => {
    server = await EsdbTestServer.start();
    esdb = EsdbEventStore.connect(server.url);
    dir = mkdtempSync(join(tmpdir(), 'parts-'));
    pglite = await SqlEventStore.create(await openSqlClient(`pglite://${dir}`));
  });
  afterAll(async () => {
    await esdb.close();
    await server.stop();
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('12,000 members are written in parts of at most 5,000 and read back as one list (KurrentDB, 1 MiB limit)', async () => {
    const paymentId = randomUUID();
    const members = ids(12_000);
    const events = decide(paymentId, `ref-${paymentId}`, members);
    expect(events.map((e) => e.type)).toEqual([
      'ContributionPaymentMembersListed',
      'ContributionPaymentMembersListed',
      'ContributionPaymentRecorded',
    ]);
    events.forEach((e) => {
      expect((e.data as { memberIds: string[] }).memberIds.length).toBeLessThanOrEqual(MEMBER_IDS_PER_EVENT);
      expect(Buffer.byteLength(JSON.stringify(e.data))).toBeLessThan(1_048_576 / 4);
    });
    await writeContributionPayment(esdb, { paymentId, reference: `ref-${paymentId}`, events }, ctx);
    const { state } = await loadStream(esdb, paymentStreamId(paymentId), contributionPaymentDecider);
    expect(state.exists).toBe(true);
    expect(state.memberIds).toEqual(members);
  });

  it('an allocation naming 12,000 members (not active) lists them in parts too, read back whole (KurrentDB)', async () => {
    const paymentId = randomUUID();
    const members = ids(12_000);
    await writeContributionPayment(
      esdb,
      { paymentId, reference: `ref-${paymentId}`, events: decide(paymentId, `ref-${paymentId}`, members) },
      ctx,
    );
    const recorded = await loadStream(esdb, paymentStreamId(paymentId), contributionPaymentDecider);
    const summary = {
      membersCovered: 2,
      alreadyPaid: 0,
      notActive: 11_998,
      totalAmount: 84_000,
      alreadyPaidMemberIds: [],
      notActiveMemberIds: members.slice(2),
    };
    const events = contributionPaymentDecider.decide(
      { type: 'CompleteAllocation', data: summary },
      recorded.state,
    );
    expect(events.map((e) => e.type)).toEqual([
      'ContributionPaymentAllocationListed',
      'ContributionPaymentAllocationListed',
      'ContributionPaymentAllocationListed',
      'ContributionPaymentAllocated',
    ]);
    await appendEach(esdb, paymentStreamId(paymentId), events, recorded.revision, ctx);
    const { state } = await loadStream(esdb, paymentStreamId(paymentId), contributionPaymentDecider);
    expect(state.allocation).toEqual(summary);
  });

  it('45,000 members on PGlite: one list of 45,000', async () => {
    const paymentId = randomUUID();
    const members = ids(45_000);
    const events = decide(paymentId, `ref-${paymentId}`, members);
    expect(events).toHaveLength(9);
    await writeContributionPayment(pglite, { paymentId, reference: `ref-${paymentId}`, events }, ctx);
    const { state } = await loadStream(pglite, paymentStreamId(paymentId), contributionPaymentDecider);
    expect(state.memberIds).toEqual(members);
  });

  it('an attempt cut off between parts is not a payment; the retry completes it with exactly its own list', async () => {
    const paymentId = randomUUID();
    const reference = `ref-${paymentId}`;
    const stream = paymentStreamId(paymentId);
    let appends = 0;
    server.failAppends((id) => id === stream && ++appends === 2);
    await expect(
      writeContributionPayment(
        esdb,
        { paymentId, reference, events: decide(paymentId, reference, ids(11_000)) },
        ctx,
      ),
    ).rejects.toThrow(/injected failure/);
    const cut = await loadStream(esdb, stream, contributionPaymentDecider);
    expect(cut.state.exists).toBe(false);
    expect(cut.revision).toBe(0);
    // The retry's list (re-read, so it may differ) replaces the leftover part.
    const members = ids(10_500);
    await writeContributionPayment(
      esdb,
      { paymentId, reference, events: decide(paymentId, reference, members), after: cut.revision },
      ctx,
    );
    const { state } = await loadStream(esdb, stream, contributionPaymentDecider);
    expect(state.memberIds).toEqual(members);
  });

  it('a payment recorded as one event before parts existed still reads as its whole list', () => {
    const memberIds = ids(7_000);
    const state = [
      {
        type: 'ContributionPaymentRecorded' as const,
        data: {
          paymentId: 'p',
          period: '2026-01',
          paidOn: '2026-01-05',
          reference: 'r',
          memberIds,
          recordedBy: 'x',
        },
      },
    ].reduce(contributionPaymentDecider.evolve, contributionPaymentDecider.initialState());
    expect(state.memberIds).toEqual(memberIds);
  });
});
