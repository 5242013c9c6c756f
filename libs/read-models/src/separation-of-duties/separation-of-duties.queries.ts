import { SqlQueryable } from '@app/event-store';
import { liveTables, TableNames } from '../projection';
import { DecisionApproval, MemberAct, separationOfDutiesProjection } from './separation-of-duties.projection';

/** Decisions whose instant lies in [from, to); either end open when absent. */
export interface ReportPeriod {
  from?: Date;
  to?: Date;
}

export interface SubmitterApproverPair {
  submittedBy: string;
  approvedBy: string;
  /** Final approvals this approver took part in (a reopened claim decided again counts again). */
  decisions: number;
  claims: number;
  /** Sum of what those decisions approved: the total, or for a reopened claim the difference. */
  approvedAmount: number;
}

export interface OfficerOfMemberApproval {
  claimId: string;
  memberId: string;
  approvedBy: string;
  approvalRole: string;
  decidedAt: string;
  /** What the decision approved (a reopened claim: the difference from before). */
  amount: number;
  total: number;
  /** What the approver did to the member's record, and when. */
  relation: MemberAct;
  relationAt: string;
  /** CORRECTED: the names of the fields corrected (never their values). */
  correctedFields?: string[];
}

export interface NearThresholdDecision {
  claimId: string;
  memberId: string;
  submittedBy: string;
  decidedAt: string;
  total: number;
  /** What four eyes weighed: the total, or for a reopened claim the absolute difference. */
  fourEyesAmount: number;
  threshold: number;
  scheduleVersion: string;
  approvals: DecisionApproval[];
  reopening?: number;
  appealId?: string;
}

export interface NearThresholdApprover {
  approvedBy: string;
  count: number;
  amount: number;
  claims: NearThresholdDecision[];
}

export interface SeparationOfDutiesRows {
  pairs: SubmitterApproverPair[];
  approvedByMemberOfficer: OfficerOfMemberApproval[];
  nearThreshold: NearThresholdApprover[];
}

const tables = (): TableNames => liveTables(separationOfDutiesProjection);
const iso = (v: Date | string) => new Date(v).toISOString();

function periodWhere(period: ReportPeriod, params: unknown[]): string {
  const clauses = ['TRUE'];
  if (period.from) {
    params.push(period.from.toISOString());
    clauses.push(`d.decided_at >= $${params.length}::timestamptz`);
  }
  if (period.to) {
    params.push(period.to.toISOString());
    clauses.push(`d.decided_at < $${params.length}::timestamptz`);
  }
  return clauses.join(' AND ');
}

/**
 * The separation-of-duties report (docs/audit.md "Separation of duties") over the decisions of a
 * period. `bandPercent`: the band just below the four-eyes threshold, as a percentage of it (10:
 * from 90% of the threshold up to, not including, the threshold).
 */
export async function separationOfDutiesRows(
  db: SqlQueryable,
  period: ReportPeriod,
  bandPercent: number,
  t: TableNames = tables(),
): Promise<SeparationOfDutiesRows> {
  const pairParams: unknown[] = [];
  const pairs = await db.query<{
    submitted_by: string;
    approved_by: string;
    decisions: number;
    claims: number;
    approved_amount: string;
  }>(
    `SELECT d.submitted_by, a->>'by' AS approved_by, count(*)::int AS decisions,
       count(DISTINCT d.claim_id)::int AS claims, sum(d.amount)::text AS approved_amount
     FROM ${t.sod_decisions} d CROSS JOIN LATERAL jsonb_array_elements(d.approvals) a
     WHERE ${periodWhere(period, pairParams)}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    pairParams,
  );

  const officerParams: unknown[] = [];
  const officers = await db.query<{
    claim_id: string;
    member_id: string;
    approved_by: string;
    approval_role: string;
    decided_at: Date | string;
    amount: string;
    total: string;
    act: MemberAct;
    at: Date | string;
    fields: string[];
  }>(
    `SELECT d.claim_id, d.member_id, a->>'by' AS approved_by, a->>'role' AS approval_role, d.decided_at,
       d.amount::text, d.total::text, m.act, m.at, m.fields
     FROM ${t.sod_decisions} d CROSS JOIN LATERAL jsonb_array_elements(d.approvals) a
     JOIN ${t.sod_member_acts} m ON m.member_id = d.member_id AND m.officer = a->>'by'
     WHERE ${periodWhere(period, officerParams)}
     ORDER BY d.decided_at, d.position, a->>'by', m.position`,
    officerParams,
  );

  const bandParams: unknown[] = [100 - bandPercent];
  const band = await db.query<{
    position: string;
    claim_id: string;
    member_id: string;
    submitted_by: string;
    decided_at: Date | string;
    total: string;
    four_eyes_amount: string;
    threshold: string;
    schedule_version: string;
    approvals: DecisionApproval[];
    reopening: number | null;
    appeal_id: string | null;
  }>(
    `SELECT d.position::text, d.claim_id, d.member_id, d.submitted_by, d.decided_at, d.total::text,
       d.four_eyes_amount::text, d.threshold::text, d.schedule_version, d.approvals, d.reopening, d.appeal_id
     FROM ${t.sod_decisions} d
     WHERE ${periodWhere(period, bandParams)} AND d.threshold IS NOT NULL
       AND d.four_eyes_amount < d.threshold AND d.four_eyes_amount * 100 >= d.threshold * $1::bigint
     ORDER BY d.decided_at, d.position`,
    bandParams,
  );

  const byApprover = new Map<string, NearThresholdApprover>();
  for (const r of band.rows) {
    const decision: NearThresholdDecision = {
      claimId: r.claim_id,
      memberId: r.member_id,
      submittedBy: r.submitted_by,
      decidedAt: iso(r.decided_at),
      total: Number(r.total),
      fourEyesAmount: Number(r.four_eyes_amount),
      threshold: Number(r.threshold),
      scheduleVersion: r.schedule_version,
      approvals: r.approvals,
      ...(r.reopening !== null ? { reopening: Number(r.reopening) } : {}),
      ...(r.appeal_id !== null ? { appealId: r.appeal_id } : {}),
    };
    for (const by of new Set(r.approvals.map((a) => a.by))) {
      const entry = byApprover.get(by) ?? { approvedBy: by, count: 0, amount: 0, claims: [] };
      entry.count += 1;
      entry.amount += decision.fourEyesAmount;
      entry.claims.push(decision);
      byApprover.set(by, entry);
    }
  }

  return {
    pairs: pairs.rows.map((r) => ({
      submittedBy: r.submitted_by,
      approvedBy: r.approved_by,
      decisions: Number(r.decisions),
      claims: Number(r.claims),
      approvedAmount: Number(r.approved_amount),
    })),
    approvedByMemberOfficer: officers.rows.map((r) => ({
      claimId: r.claim_id,
      memberId: r.member_id,
      approvedBy: r.approved_by,
      approvalRole: r.approval_role,
      decidedAt: iso(r.decided_at),
      amount: Number(r.amount),
      total: Number(r.total),
      relation: r.act,
      relationAt: iso(r.at),
      ...(r.act === 'CORRECTED' ? { correctedFields: r.fields } : {}),
    })),
    nearThreshold: [...byApprover.values()].sort((a, b) => (a.approvedBy < b.approvedBy ? -1 : 1)),
  };
}
