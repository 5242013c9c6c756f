import { jkmDeath, medical } from '../claims/claim.fixtures';
import { AuditLogBuilder } from './audit.fixtures';
import { reperformClaims } from './reperform';

const A = (by: string, roles: string[], at: string) => ({ by, roles, at });

describe('reperformClaims: legitimate flows give no mismatch (review #17)', () => {
  it('reject, appeal, overturned, approved, paid', () => {
    const l = new AuditLogBuilder().member();
    l.submit('c-med', medical());
    l.claim(
      'c-med',
      () =>
        ({
          type: 'RejectClaim',
          data: {
            ...A('adj-2', ['adjudicator'], '2025-03-21T03:00:00.000Z'),
            reasonCode: 'OTHER',
            note: 'no',
          },
        }) as never,
    );
    l.claim(
      'c-med',
      () =>
        ({
          type: 'FileAppeal',
          data: {
            ...A('adj-3', ['adjudicator'], '2025-03-22T03:00:00.000Z'),
            appealId: 'ap-1',
            grounds: 'wrong',
            today: '2025-03-22',
          },
        }) as never,
    );
    l.claim(
      'c-med',
      (context) =>
        ({
          type: 'DecideAppeal',
          data: {
            ...A('sup-9', ['supervisor'], '2025-03-23T03:00:00.000Z'),
            appealId: 'ap-1',
            outcome: 'OVERTURNED',
            note: 'ok',
            today: '2025-03-23',
            context,
          },
        }) as never,
    );
    l.approve('c-med', 'adj-4', ['adjudicator'], '2025-03-24T03:00:00.000Z');
    l.schedulePayouts('c-med');
    expect(reperformClaims(l.events).mismatches).toEqual([]);
  });

  it('heir certificate after approval, then reopened and approved again', () => {
    const l = new AuditLogBuilder().member();
    l.submit('c-d', jkmDeath());
    l.approve('c-d');
    l.schedulePayouts('c-d');
    l.claim(
      'c-d',
      (context) =>
        ({
          type: 'AddHeirCertificate',
          data: {
            ...A('adj-3', ['adjudicator'], '2025-03-25T03:00:00.000Z'),
            certificate: { reference: 'SKAW-9', heirs: [{ fullName: 'Nur Aini', relationship: 'SPOUSE' }] },
            today: '2025-03-25',
            context,
          },
        }) as never,
    );
    l.claim(
      'c-d',
      (context) =>
        ({
          type: 'ReopenClaim',
          data: {
            ...A('sup-1', ['supervisor'], '2025-03-26T03:00:00.000Z'),
            note: 'heirs',
            today: '2025-03-26',
            context,
          },
        }) as never,
    );
    l.approve('c-d', 'adj-5', ['adjudicator'], '2025-03-27T03:00:00.000Z');
    l.schedulePayouts('c-d');
    expect(reperformClaims(l.events).mismatches).toEqual([]);
  });

  it('work relation suspected, then decided, approved', () => {
    const l = new AuditLogBuilder().member();
    l.submit('c-med', medical({ workRelation: 'SUSPECTED' } as never));
    l.claim(
      'c-med',
      (context) =>
        ({
          type: 'DecideWorkRelation',
          data: {
            ...A('sup-1', ['supervisor'], '2025-03-21T03:00:00.000Z'),
            decision: 'CONFIRMED',
            today: '2025-03-21',
            context,
          },
        }) as never,
    );
    l.approve('c-med', 'adj-4', ['adjudicator'], '2025-03-24T03:00:00.000Z');
    l.schedulePayouts('c-med');
    expect(reperformClaims(l.events).mismatches).toEqual([]);
  });

  it('late fact reassesses an open claim (month paid after submission)', () => {
    const l = new AuditLogBuilder().member({ through: '2025-02' });
    l.submit('c-med', medical());
    const fact = l.memberEvent({
      type: 'ContributionMonthPaid',
      data: {
        memberId: 'member-1',
        period: '2025-03',
        paidOn: '2025-03-21',
        paymentId: 'p-3',
        membershipNo: 1,
        amount: 16_800,
        jkk: 10_000,
        jkm: 6_800,
      },
    } as never);
    l.claim(
      'c-med',
      (context) =>
        ({
          type: 'ReassessClaim',
          data: {
            fact: { position: fact.position, memberRevision: fact.revision, type: fact.type },
            by: 'system',
            at: '2025-03-21T04:00:00.000Z',
            today: '2025-03-21',
            context,
          },
        }) as never,
    );
    l.approve('c-med', 'adj-4', ['adjudicator'], '2025-03-24T03:00:00.000Z');
    l.schedulePayouts('c-med');
    expect(reperformClaims(l.events).mismatches).toEqual([]);
  });
});
