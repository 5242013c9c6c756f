import { RecordedEvent, SqlQueryable } from '@app/event-store';
import { STREAM_PREFIX } from '@app/domain/shared';
import { Projection, TableNames } from '../projection';
import {
  applyMemberFact,
  ClaimReviewRow,
  decideReviewRow,
  MemberFact,
  memberFactOf,
  newReviewRow,
  withReason,
} from './claim-review-row';

export const CLAIM_REVIEWS_PROJECTION = 'claim-reviews';

const CLAIM_TYPES = [
  'ClaimSubmitted',
  'ClaimApproved',
  'ClaimRejected',
  'ClaimPaid',
  'ClaimReopened',
  'ClaimHeirCertificateAdded',
  'ClaimWorkRelationDecided',
];
const MEMBER_TYPES = ['ContributionMonthReversed', 'MemberCorrected', 'MemberDeceased'];

interface DbRow {
  claim_id: string;
  member_id: string;
  incident_date: string | null;
  status: string;
  decided: boolean;
  decided_member_revision: number | null;
  reasons: ClaimReviewRow['reasons'];
  since: Date | string | null;
}

const toRow = (r: DbRow): ClaimReviewRow => ({
  claimId: r.claim_id,
  memberId: r.member_id,
  incidentDate: r.incident_date,
  status: r.status,
  decided: r.decided,
  decidedMemberRevision: r.decided_member_revision === null ? null : Number(r.decided_member_revision),
  reasons: r.reasons,
  since: r.since === null ? null : new Date(r.since).toISOString(),
});

async function load(
  tx: SqlQueryable,
  t: TableNames,
  where: string,
  params: unknown[],
): Promise<ClaimReviewRow[]> {
  const { rows } = await tx.query<DbRow>(`SELECT * FROM ${t.claim_reviews} WHERE ${where}`, params);
  return rows.map(toRow);
}

async function save(tx: SqlQueryable, t: TableNames, row: ClaimReviewRow): Promise<void> {
  await tx.query(
    `INSERT INTO ${t.claim_reviews} (claim_id, member_id, incident_date, status, decided, decided_member_revision, reasons, since)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
     ON CONFLICT (claim_id) DO UPDATE SET status = EXCLUDED.status, decided = EXCLUDED.decided,
       decided_member_revision = EXCLUDED.decided_member_revision, reasons = EXCLUDED.reasons, since = EXCLUDED.since`,
    [
      row.claimId,
      row.memberId,
      row.incidentDate,
      row.status,
      row.decided,
      row.decidedMemberRevision,
      JSON.stringify(row.reasons),
      row.since,
    ],
  );
}

async function saveIfChanged(tx: SqlQueryable, t: TableNames, before: ClaimReviewRow, after: ClaimReviewRow) {
  if (after !== before) await save(tx, t, after);
}

const claimIdOf = (e: RecordedEvent): string => e.streamId.slice(STREAM_PREFIX.claim.length);

async function applyClaimEvent(tx: SqlQueryable, t: TableNames, e: RecordedEvent): Promise<void> {
  const d = e.data as Record<string, unknown>;
  const claimId = claimIdOf(e);
  if (e.type === 'ClaimSubmitted') {
    const request = d.request as { incidentDate?: string };
    const [existing] = await load(tx, t, 'claim_id = $1', [claimId]);
    if (!existing)
      await save(tx, t, newReviewRow(claimId, String(d.memberId), request?.incidentDate ?? null));
    return;
  }
  const [row] = await load(tx, t, 'claim_id = $1', [claimId]);
  if (!row) return; // a claim submitted before this read model existed is rebuilt from its start
  const at = e.metadata.recordedAt;
  switch (e.type) {
    case 'ClaimApproved':
    case 'ClaimRejected': {
      let decided = decideReviewRow(
        row,
        e.type === 'ClaimApproved' ? 'APPROVED' : 'REJECTED',
        d.memberRevision as number | undefined,
      );
      // Facts recorded after the revision the decision read, even if they reached the log first.
      if (decided.decidedMemberRevision !== null) {
        const { rows: facts } = await tx.query<{ fact: MemberFact }>(
          `SELECT fact FROM ${t.claim_review_facts} WHERE member_id = $1 AND revision > $2 ORDER BY revision`,
          [row.memberId, decided.decidedMemberRevision],
        );
        for (const { fact } of facts) decided = applyMemberFact(decided, fact);
      }
      return save(tx, t, decided);
    }
    case 'ClaimPaid':
      return save(tx, t, decideReviewRow(row, 'PAID', undefined));
    case 'ClaimReopened':
      return save(tx, t, decideReviewRow(row, 'ASSESSED', undefined));
    case 'ClaimHeirCertificateAdded': {
      const certificate = d.certificate as { reference: string };
      return saveIfChanged(
        tx,
        t,
        row,
        withReason(row, { code: 'HEIR_CERTIFICATE', detail: `certificate ${certificate.reference}` }, at),
      );
    }
    case 'ClaimWorkRelationDecided': {
      // The other decided claims of the same accident relied on the work relation being open.
      if (!row.incidentDate) return;
      const others = await load(
        tx,
        t,
        'member_id = $1 AND incident_date = $2 AND decided AND claim_id <> $3',
        [row.memberId, row.incidentDate, claimId],
      );
      const detail = `claim ${claimId}: ${String(d.decision)}`;
      for (const other of others)
        await saveIfChanged(tx, t, other, withReason(other, { code: 'WORK_RELATION_DECIDED', detail }, at));
      return;
    }
  }
}

async function applyMemberEvent(tx: SqlQueryable, t: TableNames, e: RecordedEvent): Promise<void> {
  const fact = memberFactOf(e);
  if (!fact) return;
  await tx.query(
    `INSERT INTO ${t.claim_review_facts} (member_id, revision, fact) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (member_id, revision) DO NOTHING`,
    [fact.memberId, fact.revision, JSON.stringify(fact)],
  );
  for (const row of await load(tx, t, 'member_id = $1 AND decided', [fact.memberId]))
    await saveIfChanged(tx, t, row, applyMemberFact(row, fact));
}

/**
 * `GET /api/claims/reviews` and the claim view's `review` (docs/api.md "Corrections"): one row per
 * claim, and the member facts decisions may have relied on, so a decision that read an earlier
 * member revision than a fact already in the log is listed too (a reversal racing an approval).
 */
export const claimReviewsProjection: Projection = {
  name: CLAIM_REVIEWS_PROJECTION,
  tables: ['claim_reviews', 'claim_review_facts'],
  filter: { types: [...CLAIM_TYPES, ...MEMBER_TYPES] },
  schema: (t) => `
CREATE TABLE IF NOT EXISTS ${t.claim_reviews} (
  claim_id                text PRIMARY KEY,
  member_id               text NOT NULL,
  incident_date           text,
  status                  text NOT NULL,
  decided                 boolean NOT NULL,
  decided_member_revision bigint,
  reasons                 jsonb NOT NULL,
  since                   timestamptz
);
CREATE INDEX IF NOT EXISTS ${t.claim_reviews}_by_member ON ${t.claim_reviews} (member_id);
CREATE INDEX IF NOT EXISTS ${t.claim_reviews}_listed ON ${t.claim_reviews} (since, claim_id) WHERE since IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.claim_review_facts} (
  member_id text NOT NULL,
  revision  bigint NOT NULL,
  fact      jsonb NOT NULL,
  PRIMARY KEY (member_id, revision)
)`,
  async apply(tx, events, t) {
    for (const e of events) {
      if (e.streamId.startsWith(STREAM_PREFIX.claim) && CLAIM_TYPES.includes(e.type))
        await applyClaimEvent(tx, t, e);
      else if (e.streamId.startsWith(STREAM_PREFIX.member) && MEMBER_TYPES.includes(e.type))
        await applyMemberEvent(tx, t, e);
    }
  },
};
