import { openSqlClient, SqlClient } from '@app/event-store';
import { eventRecorder, projectionSpec, tablesFor } from '../projection-spec';
import { separationOfDutiesProjection } from './separation-of-duties.projection';
import { separationOfDutiesRows } from './separation-of-duties.queries';

const recorded = eventRecorder();

const AT = '2026-03-16T03:00:00.000Z';
const enrolled = (memberId: string, officer: string) =>
  recorded(`member-${memberId}`, 'MemberEnrolled', { memberId, nik: '1606011205850001' }, officer);
const corrected = (memberId: string, officer: string) =>
  recorded(`member-${memberId}`, 'MemberCorrected', {
    memberId,
    changes: { village: 'Sungai Lilin' },
    previous: { village: 'Balai Agung' },
    reason: 'typo',
    correctedBy: officer,
    at: AT,
  });
const submitted = (claimId: string, memberId: string, by: string) =>
  recorded(`claim-${claimId}`, 'ClaimSubmitted', { claimId, memberId, submittedBy: by, at: AT });
const approved = (
  claimId: string,
  memberId: string,
  total: number,
  approvers: string[],
  extra: object = {},
) =>
  recorded(`claim-${claimId}`, 'ClaimApproved', {
    claimId,
    memberId,
    by: approvers[approvers.length - 1],
    role: 'adjudicator',
    at: AT,
    approvals: approvers.map((by, i) => ({ by, role: i === 0 ? 'adjudicator' : 'supervisor', at: AT })),
    total,
    payouts: [],
    ...extra,
  });
const reopened = (claimId: string, memberId: string, extra: object = {}) =>
  recorded(`claim-${claimId}`, 'ClaimReopened', {
    claimId,
    memberId,
    by: 'sup-sari',
    at: AT,
    note: 'facts changed',
    previousStatus: 'APPROVED',
    previousTotal: 42_000_000,
    previousByPayee: [],
    reopening: 1,
    ...extra,
  });

describe('separation-of-duties read model (docs/audit.md "Separation of duties")', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openSqlClient('pglite://memory');
  });
  afterAll(() => db.close());

  it('given claims approved by several officers, then pairs count decisions and sum what they approved', async () => {
    const t = await tablesFor(db, separationOfDutiesProjection, 'pairs');
    const report = await (
      await (
        await projectionSpec(db, separationOfDutiesProjection, t).given([
          enrolled('m1', 'enr-fajar'),
          submitted('p1', 'm1', 'adj-ani'),
          submitted('p2', 'm1', 'adj-ani'),
          submitted('p3', 'm1', 'adj-budi'),
        ])
      ).when([
        approved('p1', 'm1', 10_000_000, ['adj-budi']),
        approved('p2', 'm1', 70_000_000, ['adj-budi', 'sup-sari']),
        approved('p3', 'm1', 5_000_000, ['adj-ani']),
      ])
    ).thenRows((tables) => separationOfDutiesRows(db, {}, 10, tables));
    expect(report.pairs).toEqual([
      { submittedBy: 'adj-ani', approvedBy: 'adj-budi', decisions: 2, claims: 2, approvedAmount: 80_000_000 },
      { submittedBy: 'adj-ani', approvedBy: 'sup-sari', decisions: 1, claims: 1, approvedAmount: 70_000_000 },
      { submittedBy: 'adj-budi', approvedBy: 'adj-ani', decisions: 1, claims: 1, approvedAmount: 5_000_000 },
    ]);
    expect(report.approvedByMemberOfficer).toEqual([]);
  });

  it('given a member enrolled by one officer and corrected by another, when each approves a claim of it, then both are listed with the relation', async () => {
    const t = await tablesFor(db, separationOfDutiesProjection, 'officer');
    const report = await (
      await (
        await projectionSpec(db, separationOfDutiesProjection, t).given([
          enrolled('m2', 'sup-dewi'),
          corrected('m2', 'adj-budi'),
          submitted('o1', 'm2', 'adj-ani'),
        ])
      ).when([approved('o1', 'm2', 70_000_000, ['adj-budi', 'sup-dewi'])])
    ).thenRows((tables) => separationOfDutiesRows(db, {}, 10, tables));
    expect(
      report.approvedByMemberOfficer.map((r) => [
        r.claimId,
        r.memberId,
        r.approvedBy,
        r.relation,
        r.correctedFields,
      ]),
    ).toEqual([
      ['o1', 'm2', 'adj-budi', 'CORRECTED', ['village']],
      ['o1', 'm2', 'sup-dewi', 'ENROLLED', undefined],
    ]);
    expect(JSON.stringify(report)).not.toContain('1606011205850001');
  });

  it('given a claim reopened and approved again, then each decision counts as the approval it was, the second by its difference', async () => {
    const t = await tablesFor(db, separationOfDutiesProjection, 'reopen');
    const report = await (
      await (
        await projectionSpec(db, separationOfDutiesProjection, t).given([
          enrolled('m3', 'enr-fajar'),
          submitted('r1', 'm3', 'adj-ani'),
          approved('r1', 'm3', 42_000_000, ['adj-budi']),
        ])
      ).when([
        reopened('r1', 'm3', { appealId: 'ap-1' }),
        approved('r1', 'm3', 88_000_000, ['adj-citra'], {
          adjustment: {
            previousTotal: 42_000_000,
            newTotal: 88_000_000,
            difference: 46_000_000,
            approvedByPayee: [],
            overpayments: [],
          },
        }),
      ])
    ).thenRows((tables) => separationOfDutiesRows(db, {}, 10, tables));
    expect(report.pairs).toEqual([
      { submittedBy: 'adj-ani', approvedBy: 'adj-budi', decisions: 1, claims: 1, approvedAmount: 42_000_000 },
      {
        submittedBy: 'adj-ani',
        approvedBy: 'adj-citra',
        decisions: 1,
        claims: 1,
        approvedAmount: 46_000_000,
      },
    ]);
    // The reopened decision weighed its difference (46m), in the band below 50m; the first (42m) did not.
    expect(report.nearThreshold).toEqual([
      expect.objectContaining({
        approvedBy: 'adj-citra',
        count: 1,
        claims: [
          expect.objectContaining({
            claimId: 'r1',
            total: 88_000_000,
            fourEyesAmount: 46_000_000,
            threshold: 50_000_000,
            scheduleVersion: 'PP82-2019',
            reopening: 1,
            appealId: 'ap-1',
          }),
        ],
      }),
    ]);
  });

  it('the band is [threshold × (100 − band)%, threshold): 45m and 49,999,999 are in it, 44,999,999 and 50m are not', async () => {
    const t = await tablesFor(db, separationOfDutiesProjection, 'band');
    const spec = projectionSpec(db, separationOfDutiesProjection, t);
    const given = await spec.given([
      enrolled('m4', 'enr-fajar'),
      ...['b1', 'b2', 'b3', 'b4'].map((c) => submitted(c, 'm4', 'adj-ani')),
    ]);
    const then = await given.when([
      approved('b1', 'm4', 45_000_000, ['adj-budi']),
      approved('b2', 'm4', 49_999_999, ['adj-budi']),
      approved('b3', 'm4', 44_999_999, ['adj-budi']),
      approved('b4', 'm4', 50_000_000, ['adj-budi', 'sup-sari']),
    ]);
    const report = await then.thenRows((tables) => separationOfDutiesRows(db, {}, 10, tables));
    expect(
      report.nearThreshold.map((a) => [a.approvedBy, a.count, a.amount, a.claims.map((c) => c.claimId)]),
    ).toEqual([['adj-budi', 2, 94_999_999, ['b1', 'b2']]]);
    const wider = await then.thenRows((tables) => separationOfDutiesRows(db, {}, 20, tables));
    expect(wider.nearThreshold[0].claims.map((c) => c.claimId)).toEqual(['b1', 'b2', 'b3']);
    const none = await then.thenRows((tables) =>
      separationOfDutiesRows(db, { from: new Date('2026-03-17T00:00:00Z') }, 10, tables),
    );
    expect(none).toEqual({ pairs: [], approvedByMemberOfficer: [], nearThreshold: [] });
  });
});
