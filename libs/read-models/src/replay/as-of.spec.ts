import { RecordedEvent } from '@app/event-store';
import { claimDecider, ClaimEvent } from '@app/domain/claims';
import { context, medical } from '@app/domain/claims/claim.fixtures';
import { enrolled, paid } from '@app/domain/members/member.fixtures';
import { DomainEvent } from '@app/domain/shared';
import { claimViewAsOf, knownAt, memberViewAsOf, parseInstant } from './as-of';

/** Domain events as the store would return them, each recorded at the given instant. */
function recorded(streamId: string, events: Array<[DomainEvent, string]>): RecordedEvent[] {
  return events.map(([e, recordedAt], revision) => ({
    eventId: `${streamId}-${revision}`,
    streamId,
    revision,
    position: revision + 1,
    type: e.type,
    data: e.data,
    metadata: { actor: 'tester', correlationId: 'c', causationId: null, schemaVersion: 1, recordedAt },
    hash: `h${revision}`,
    prevHash: revision ? `h${revision - 1}` : null,
  }));
}

describe('as-of views: rebuilt from the events known at an instant', () => {
  it('parses ISO 8601 instants with a zone and nothing else', () => {
    expect(parseInstant('2026-03-01T09:30:00Z')?.toISOString()).toBe('2026-03-01T09:30:00.000Z');
    expect(parseInstant('2026-03-01T16:30:00.250+07:00')?.toISOString()).toBe('2026-03-01T09:30:00.250Z');
    for (const bad of [
      '2026-03-01',
      '2026-03-01T09:30:00',
      'yesterday',
      '2026-13-01T00:00:00Z',
      '',
      undefined,
    ]) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });

  it('a stream is known as a prefix: a later revision is never known before an earlier one', () => {
    const events = recorded('claim-1', [
      [{ type: 'A', data: {} }, '2026-01-01T10:00:00.000Z'],
      [{ type: 'B', data: {} }, '2026-01-01T10:00:02.000Z'],
      // written by a process whose clock ran a little behind
      [{ type: 'C', data: {} }, '2026-01-01T10:00:01.500Z'],
    ]);
    expect(knownAt(events, new Date('2026-01-01T10:00:01.800Z')).map((e) => e.type)).toEqual(['A']);
    expect(knownAt(events, new Date('2026-01-01T10:00:02.000Z')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });

  it('a claim between its submission and its approval is assessed, not approved', () => {
    const submitted = claimDecider.decide(
      {
        type: 'SubmitClaim',
        data: {
          claimId: 'claim-1',
          request: medical(),
          submittedBy: 'adjudicator-a',
          roles: ['adjudicator'],
          at: '2025-03-12T02:00:00.000Z',
          today: '2025-03-12',
          context: context(),
        },
      },
      claimDecider.initialState(),
    );
    const approved = claimDecider.decide(
      {
        type: 'ApproveClaim',
        data: { by: 'adjudicator-b', roles: ['adjudicator'], at: '2025-03-13T02:00:00.000Z' },
      },
      submitted.reduce(claimDecider.evolve, claimDecider.initialState()),
    );
    const events = recorded('claim-claim-1', [
      ...submitted.map((e): [ClaimEvent, string] => [e, '2025-03-12T02:00:00.123Z']),
      ...approved.map((e): [ClaimEvent, string] => [e, '2025-03-13T02:00:00.456Z']),
    ]);

    expect(claimViewAsOf(events, new Date('2025-03-12T02:00:00.122Z'))).toBeUndefined();
    const between = claimViewAsOf(events, new Date('2025-03-12T12:00:00Z'))!;
    expect(between).toMatchObject({
      claimId: 'claim-1',
      status: 'ASSESSED',
      version: 2,
      asOf: '2025-03-12T12:00:00.000Z',
    });
    expect(between.assessment.eligible).toBe(true);
    expect(between.decision).toBeUndefined();
    expect(between.approvals).toEqual([]);
    const after = claimViewAsOf(events, new Date('2025-03-13T02:00:00.456Z'))!;
    expect(after).toMatchObject({
      status: 'APPROVED',
      version: 3,
      decision: { outcome: 'APPROVED', by: 'adjudicator-b' },
    });
  });

  it("a member's status as of an instant is judged on that instant's date in Asia/Jakarta", () => {
    // Covered from January, only January paid: February to April unpaid on 1 May, so it lapses then.
    const events = recorded('member-member-1', [
      [enrolled({ coverageStart: '2025-01-01' }), '2025-01-02T01:00:00.000Z'],
      [paid('2025-01', '2025-01-05'), '2025-01-05T01:00:00.000Z'],
    ]);
    expect(memberViewAsOf(events, new Date('2025-01-02T00:59:59.999Z'))).toBeUndefined();
    const enrolledOnly = memberViewAsOf(events, new Date('2025-01-03T00:00:00Z'))!;
    expect(enrolledOnly).toMatchObject({
      status: 'ACTIVE',
      paidMonths: [],
      contributionMonths: 0,
      version: 1,
    });
    // 23:59:59 on 30 April in Jakarta (UTC+7): still active.
    expect(memberViewAsOf(events, new Date('2025-04-30T16:59:59Z'))).toMatchObject({
      status: 'ACTIVE',
      paidMonths: ['2025-01'],
      contributionMonths: 1,
      version: 2,
    });
    // Midnight on 1 May in Jakarta, though still 30 April in UTC: lapsed.
    expect(memberViewAsOf(events, new Date('2025-04-30T17:00:00Z'))).toMatchObject({
      status: 'LAPSED',
      lapsedOn: '2025-05-01',
    });
    expect(memberViewAsOf(events, new Date('2025-04-30T17:00:00Z'))!.heirs).toEqual([
      { heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    ]);
  });
});
