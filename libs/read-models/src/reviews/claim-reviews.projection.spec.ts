import { openSqlClient, SqlClient } from '@app/event-store';
import { eventRecorder, projectionSpec, tablesFor } from '../projection-spec';
import { TableNames } from '../projection';
import { claimReviewsProjection } from './claim-reviews.projection';

const recorded = eventRecorder();
const claimEvent = (claimId: string, type: string, data: object = {}) =>
  recorded(`claim-${claimId}`, type, { claimId, ...data });
const memberEvent = (memberId: string, type: string, data: object = {}) =>
  recorded(`member-${memberId}`, type, { memberId, ...data });
const submitted = (claimId: string, memberId: string) =>
  claimEvent(claimId, 'ClaimSubmitted', { memberId, request: { incidentDate: '2026-03-12' } });
const reversal = (memberId: string) =>
  memberEvent(memberId, 'ContributionMonthReversed', { period: '2026-03', paymentId: 'p1' });

const listed = (db: SqlClient) => async (t: TableNames) =>
  (
    await db.query<{ claim_id: string; status: string; reasons: { code: string }[] }>(
      `SELECT claim_id, status, reasons FROM ${t.claim_reviews} WHERE since IS NOT NULL AND decided ORDER BY claim_id`,
    )
  ).rows.map((r) => [r.claim_id, r.status, r.reasons.map((x) => x.code)]);

describe('claim reviews read model (docs/api.md GET /api/claims/reviews)', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openSqlClient('pglite://memory');
  });
  afterAll(() => db.close());

  it('given an approved claim, when a month of its member is reversed, then it is listed with CONTRIBUTION_REVERSED', async () => {
    const t = await tablesFor(db, claimReviewsProjection, 'reversed');
    memberEvent('m1', 'MemberEnrolled');
    const rows = await (
      await (
        await projectionSpec(db, claimReviewsProjection, t).given([
          submitted('c1', 'm1'),
          claimEvent('c1', 'ClaimApproved', { memberId: 'm1', memberRevision: 0 }),
        ])
      ).when([reversal('m1')])
    ).thenRows(listed(db));
    expect(rows).toEqual([['c1', 'APPROVED', ['CONTRIBUTION_REVERSED']]]);
  });

  it('given a reversal already in the log, when an approval that read the member before it arrives, then it is listed', async () => {
    const t = await tablesFor(db, claimReviewsProjection, 'race');
    memberEvent('m2', 'MemberEnrolled');
    const rows = await (
      await (
        await projectionSpec(db, claimReviewsProjection, t).given([submitted('c2', 'm2'), reversal('m2')])
      ).when([claimEvent('c2', 'ClaimApproved', { memberId: 'm2', memberRevision: 0 })])
    ).thenRows(listed(db));
    expect(rows).toEqual([['c2', 'APPROVED', ['CONTRIBUTION_REVERSED']]]);
  });

  it('given an undecided claim, when facts change, then nothing is listed; a paid claim stays listed until reopened', async () => {
    const t = await tablesFor(db, claimReviewsProjection, 'reopen');
    memberEvent('m3', 'MemberEnrolled');
    const spec = projectionSpec(db, claimReviewsProjection, t);
    const given = await spec.given([
      submitted('c3', 'm3'),
      memberEvent('m3', 'MemberCorrected', { changes: { village: 'X' } }),
    ]);
    expect(await (await given.when()).thenRows(listed(db))).toEqual([]);
    const paid = await given.when([
      claimEvent('c3', 'ClaimApproved', { memberId: 'm3', memberRevision: 1 }),
      claimEvent('c3', 'ClaimPaid'),
      memberEvent('m3', 'MemberDeceased', { dateOfDeath: '2026-03-20', claimId: 'other' }),
    ]);
    expect(await paid.thenRows(listed(db))).toEqual([['c3', 'PAID', ['DEATH_RECORDED']]]);
    const reopened = await given.when([claimEvent('c3', 'ClaimReopened')]);
    expect(await reopened.thenRows(listed(db))).toEqual([]);
  });

  it('a death claim is never listed for its own MemberDeceased; a rejected claim is listed for an heir certificate', async () => {
    const t = await tablesFor(db, claimReviewsProjection, 'death');
    memberEvent('m4', 'MemberEnrolled');
    const rows = await (
      await (
        await projectionSpec(db, claimReviewsProjection, t).given([
          submitted('d4', 'm4'),
          submitted('r4', 'm4'),
          claimEvent('r4', 'ClaimRejected', { memberId: 'm4', memberRevision: 0 }),
        ])
      ).when([
        claimEvent('d4', 'ClaimApproved', { memberId: 'm4', memberRevision: 0 }),
        memberEvent('m4', 'MemberDeceased', { dateOfDeath: '2026-03-01', claimId: 'd4' }),
        claimEvent('r4', 'ClaimHeirCertificateAdded', {
          certificate: { reference: 'SKAW/9' },
          claimStatus: 'REJECTED',
        }),
      ])
    ).thenRows(listed(db));
    expect(rows).toEqual([['r4', 'REJECTED', ['DEATH_RECORDED', 'HEIR_CERTIFICATE']]]);
  });

  it('given a decided claim of an accident, when the work relation of another claim of it is decided, then it is listed', async () => {
    const t = await tablesFor(db, claimReviewsProjection, 'work');
    const rows = await (
      await (
        await projectionSpec(db, claimReviewsProjection, t).given([
          submitted('w1', 'm5'),
          submitted('w2', 'm5'),
          claimEvent('w1', 'ClaimApproved', { memberId: 'm5', memberRevision: 0 }),
        ])
      ).when([claimEvent('w2', 'ClaimWorkRelationDecided', { decision: 'NOT_WORK_RELATED' })])
    ).thenRows(listed(db));
    expect(rows).toEqual([['w1', 'APPROVED', ['WORK_RELATION_DECIDED']]]);
  });
});
