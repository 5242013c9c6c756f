import { RecordedEvent, SqlQueryable } from '@app/event-store';
import { findScheduleFor } from '@app/domain/schedule';
import { dateInJakarta, STREAM_PREFIX } from '@app/domain/shared';
import { Projection, TableNames } from '../projection';

export const SEPARATION_OF_DUTIES_PROJECTION = 'separation-of-duties';

const CLAIM_TYPES = ['ClaimSubmitted', 'ClaimReopened', 'ClaimApproved', 'ClaimRejected'];
const MEMBER_TYPES = ['MemberEnrolled', 'MemberReEnrolled', 'MemberCorrected'];

/** What an officer did to a member's record (docs/audit.md "Separation of duties"). */
export type MemberAct = 'ENROLLED' | 'RE_ENROLLED' | 'CORRECTED';

/** One approval as the decision recorded it. */
export interface DecisionApproval {
  by: string;
  role: string;
  at: string;
}

/**
 * The four-eyes threshold in force when the decision's first approval was given (the day, in
 * Asia/Jakarta, the decider looked it up for: `approvals.secondApprovalThreshold` of the schedule
 * version in force that day, docs/benefit-rules.md "Decisions and payment").
 */
export function fourEyesThresholdAt(at: string): { threshold: number; scheduleVersion: string } | undefined {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return undefined;
  const version = findScheduleFor(dateInJakarta(new Date(ms)));
  return version
    ? { threshold: version.approvals.secondApprovalThreshold, scheduleVersion: version.version }
    : undefined;
}

const claimIdOf = (e: RecordedEvent) => e.streamId.slice(STREAM_PREFIX.claim.length);

async function applyClaimEvent(tx: SqlQueryable, t: TableNames, e: RecordedEvent): Promise<void> {
  const d = e.data as Record<string, unknown>;
  const claimId = claimIdOf(e);
  switch (e.type) {
    case 'ClaimSubmitted':
      await tx.query(
        `INSERT INTO ${t.sod_claims} (claim_id, member_id, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (claim_id) DO NOTHING`,
        [claimId, String(d.memberId), String(d.submittedBy), String(d.at)],
      );
      return;
    case 'ClaimReopened':
      await tx.query(`UPDATE ${t.sod_claims} SET reopening = $2, appeal_id = $3 WHERE claim_id = $1`, [
        claimId,
        Number(d.reopening),
        typeof d.appealId === 'string' ? d.appealId : null,
      ]);
      return;
    case 'ClaimRejected':
      await tx.query(`UPDATE ${t.sod_claims} SET reopening = NULL, appeal_id = NULL WHERE claim_id = $1`, [
        claimId,
      ]);
      return;
    case 'ClaimApproved':
      return applyApproval(tx, t, e, claimId, d);
  }
}

/**
 * Each final approval is one decision row, as it was: its approvers, the total, the amount it
 * approved (a reopened claim's decision: the difference from before), the amount four eyes weighed
 * and the threshold in force. A later reopening adds a row; it never rewrites this one.
 */
async function applyApproval(
  tx: SqlQueryable,
  t: TableNames,
  e: RecordedEvent,
  claimId: string,
  d: Record<string, unknown>,
): Promise<void> {
  const { rows } = await tx.query<{
    member_id: string;
    submitted_by: string;
    reopening: number | null;
    appeal_id: string | null;
  }>(`SELECT member_id, submitted_by, reopening, appeal_id FROM ${t.sod_claims} WHERE claim_id = $1`, [
    claimId,
  ]);
  const claim = rows[0];
  if (!claim) return; // a claim stream without its submission: nothing to attribute
  const approvals = ((d.approvals as DecisionApproval[] | undefined) ?? []).map((a) => ({
    by: a.by,
    role: a.role,
    at: a.at,
  }));
  const total = Number(d.total);
  const adjustment = d.adjustment as { difference: number } | undefined;
  const amount = adjustment ? Number(adjustment.difference) : total;
  const policy = fourEyesThresholdAt(approvals[0]?.at ?? String(d.at));
  await tx.query(
    `INSERT INTO ${t.sod_decisions} (position, claim_id, member_id, submitted_by, decided_at, approvals, total,
       amount, four_eyes_amount, threshold, schedule_version, reopening, appeal_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (position) DO NOTHING`,
    [
      e.position,
      claimId,
      claim.member_id,
      claim.submitted_by,
      String(d.at),
      JSON.stringify(approvals),
      total,
      amount,
      Math.abs(amount),
      policy?.threshold ?? null,
      policy?.scheduleVersion ?? null,
      claim.reopening === null ? null : Number(claim.reopening),
      claim.appeal_id,
    ],
  );
  await tx.query(`UPDATE ${t.sod_claims} SET reopening = NULL, appeal_id = NULL WHERE claim_id = $1`, [
    claimId,
  ]);
}

/** Who enrolled or corrected a member, and when (never what: the values are personal data). */
function memberActOf(e: RecordedEvent) {
  const d = e.data as Record<string, unknown>;
  const act: MemberAct =
    e.type === 'MemberEnrolled' ? 'ENROLLED' : e.type === 'MemberReEnrolled' ? 'RE_ENROLLED' : 'CORRECTED';
  return {
    member_id: String(d.memberId),
    position: e.position,
    officer: act === 'CORRECTED' ? String(d.correctedBy) : e.metadata.actor,
    act,
    at: e.metadata.recordedAt,
    fields: act === 'CORRECTED' ? Object.keys((d.changes as object | undefined) ?? {}) : [],
  };
}

/** A batch's member acts in one statement (a roster import enrolls thousands at a time). */
async function saveMemberActs(tx: SqlQueryable, t: TableNames, acts: ReturnType<typeof memberActOf>[]) {
  if (acts.length === 0) return;
  await tx.query(
    `INSERT INTO ${t.sod_member_acts} (member_id, position, officer, act, at, fields)
     SELECT member_id, position, officer, act, at, fields
     FROM jsonb_to_recordset($1::jsonb) AS x(member_id text, position bigint, officer text, act text,
       at timestamptz, fields jsonb)
     ON CONFLICT (member_id, position) DO NOTHING`,
    [JSON.stringify(acts)],
  );
}

/**
 * The separation-of-duties report's read model (docs/audit.md "Separation of duties"): every final
 * approval as the decision it was (a reopened or appealed claim decided again is a further row),
 * each claim's submitter, and who enrolled or corrected each member. The report joins them per
 * period; rows are a function of the events alone, so a rebuild gives the same rows.
 */
export const separationOfDutiesProjection: Projection = {
  name: SEPARATION_OF_DUTIES_PROJECTION,
  tables: ['sod_claims', 'sod_decisions', 'sod_member_acts'],
  filter: { types: [...CLAIM_TYPES, ...MEMBER_TYPES] },
  schema: (t) => `
CREATE TABLE IF NOT EXISTS ${t.sod_claims} (
  claim_id     text PRIMARY KEY,
  member_id    text NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  reopening    integer,
  appeal_id    text
);
CREATE TABLE IF NOT EXISTS ${t.sod_decisions} (
  position         bigint PRIMARY KEY,
  claim_id         text NOT NULL,
  member_id        text NOT NULL,
  submitted_by     text NOT NULL,
  decided_at       timestamptz NOT NULL,
  approvals        jsonb NOT NULL,
  total            bigint NOT NULL,
  amount           bigint NOT NULL,
  four_eyes_amount bigint NOT NULL,
  threshold        bigint,
  schedule_version text,
  reopening        integer,
  appeal_id        text
);
CREATE INDEX IF NOT EXISTS ${t.sod_decisions}_by_time ON ${t.sod_decisions} (decided_at, position);
CREATE TABLE IF NOT EXISTS ${t.sod_member_acts} (
  member_id text NOT NULL,
  position  bigint NOT NULL,
  officer   text NOT NULL,
  act       text NOT NULL,
  at        timestamptz NOT NULL,
  fields    jsonb NOT NULL,
  PRIMARY KEY (member_id, position)
);
CREATE INDEX IF NOT EXISTS ${t.sod_member_acts}_by_officer ON ${t.sod_member_acts} (officer, member_id)`,
  async apply(tx, events, t) {
    const acts: ReturnType<typeof memberActOf>[] = [];
    for (const e of events) {
      if (e.streamId.startsWith(STREAM_PREFIX.claim) && CLAIM_TYPES.includes(e.type))
        await applyClaimEvent(tx, t, e);
      else if (e.streamId.startsWith(STREAM_PREFIX.member) && MEMBER_TYPES.includes(e.type))
        acts.push(memberActOf(e));
    }
    await saveMemberActs(tx, t, acts);
  },
};
