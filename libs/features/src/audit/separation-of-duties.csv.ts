import { csvLine } from '@app/domain/shared';
import { SeparationOfDutiesReport } from './queries';

/** The CSV's columns: one table, a `section` per part of the report (docs/audit.md). */
export const SOD_CSV_COLUMNS = [
  'section',
  'submittedBy',
  'approvedBy',
  'approvalRole',
  'claimId',
  'memberId',
  'decidedAt',
  'decisions',
  'claims',
  'amount',
  'total',
  'fourEyesAmount',
  'threshold',
  'scheduleVersion',
  'relation',
  'relationAt',
  'correctedFields',
] as const;
type Column = (typeof SOD_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;

/**
 * The report as CSV for a spreadsheet: every cell through the shared `csvCell`, so a name or actor
 * starting with `=`, `+`, `-`, `@`, tab or CR is never run as a formula.
 */
export function separationOfDutiesCsv(report: SeparationOfDutiesReport): string {
  const rows: Row[] = [
    ...report.pairs.map((p) => ({
      section: 'SUBMITTER_APPROVER',
      submittedBy: p.submittedBy,
      approvedBy: p.approvedBy,
      decisions: p.decisions,
      claims: p.claims,
      amount: p.approvedAmount,
    })),
    ...report.approvedByMemberOfficer.map((o) => ({
      section: 'APPROVED_BY_MEMBER_OFFICER',
      approvedBy: o.approvedBy,
      approvalRole: o.approvalRole,
      claimId: o.claimId,
      memberId: o.memberId,
      decidedAt: o.decidedAt,
      amount: o.amount,
      total: o.total,
      relation: o.relation,
      relationAt: o.relationAt,
      correctedFields: o.correctedFields?.join(';'),
    })),
    ...report.nearThreshold.flatMap((a) => [
      { section: 'NEAR_THRESHOLD_APPROVER', approvedBy: a.approvedBy, decisions: a.count, amount: a.amount },
      ...a.claims.map((c) => ({
        section: 'NEAR_THRESHOLD',
        submittedBy: c.submittedBy,
        approvedBy: a.approvedBy,
        approvalRole: c.approvals.find((x) => x.by === a.approvedBy)?.role,
        claimId: c.claimId,
        memberId: c.memberId,
        decidedAt: c.decidedAt,
        total: c.total,
        fourEyesAmount: c.fourEyesAmount,
        threshold: c.threshold,
        scheduleVersion: c.scheduleVersion,
      })),
    ]),
  ];
  return (
    [SOD_CSV_COLUMNS.join(','), ...rows.map((r) => csvLine(SOD_CSV_COLUMNS.map((c) => r[c])))].join('\n') +
    '\n'
  );
}
