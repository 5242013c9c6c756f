import { RecordedEvent, SqlQueryable } from '@app/event-store';
import { Projection, TableNames } from '@app/read-models';

/**
 * A projection for tests and benchmarks of the projector itself: members and their paid months.
 * Each batch is a few set-based statements whatever its size (jsonb_to_recordset), the way a
 * projection keeps a rebuild near the raw read rate.
 */
export const contributionLedgerProjection: Projection = {
  name: 'contribution_ledger',
  tables: ['ledger_members', 'ledger_months'],
  schema: (t) => `
CREATE TABLE IF NOT EXISTS ${t.ledger_members} (
  member_id      text PRIMARY KEY,
  nik            text NOT NULL,
  full_name      text NOT NULL,
  coverage_start text NOT NULL,
  enrolled_at    timestamptz NOT NULL,
  deceased_on    text
);
CREATE TABLE IF NOT EXISTS ${t.ledger_months} (
  member_id  text NOT NULL,
  period     text NOT NULL,
  paid_on    text NOT NULL,
  amount     bigint NOT NULL,
  payment_id text NOT NULL,
  PRIMARY KEY (member_id, period)
);
CREATE INDEX IF NOT EXISTS ${t.ledger_members}_nik ON ${t.ledger_members} (nik);
CREATE INDEX IF NOT EXISTS ${t.ledger_months}_payment ON ${t.ledger_months} (payment_id)`,
  filter: { types: ['MemberEnrolled', 'ContributionMonthPaid', 'MemberDeceased'] },
  apply: applyLedger,
};

type Data = Record<string, unknown>;

async function applyLedger(tx: SqlQueryable, events: RecordedEvent[], t: TableNames): Promise<void> {
  const enrolled: Data[] = [];
  const months: Data[] = [];
  const deaths: Data[] = [];
  for (const e of events) {
    const d = e.data as Data;
    if (e.type === 'MemberEnrolled') {
      enrolled.push({
        member_id: d.memberId,
        nik: d.nik,
        full_name: d.fullName,
        coverage_start: d.coverageStart,
        enrolled_at: e.metadata.recordedAt,
      });
    } else if (e.type === 'ContributionMonthPaid') {
      months.push({
        member_id: d.memberId,
        period: d.period,
        paid_on: d.paidOn,
        amount: d.amount,
        payment_id: d.paymentId,
      });
    } else if (e.type === 'MemberDeceased') {
      deaths.push({ member_id: d.memberId, deceased_on: d.dateOfDeath });
    }
  }
  // Enrollments before payments before deaths: the order they can happen in for one member.
  if (enrolled.length) {
    await tx.query(
      `INSERT INTO ${t.ledger_members} (member_id, nik, full_name, coverage_start, enrolled_at)
       SELECT member_id, nik, full_name, coverage_start, enrolled_at
       FROM jsonb_to_recordset($1::jsonb) AS x(member_id text, nik text, full_name text, coverage_start text, enrolled_at timestamptz)
       ON CONFLICT (member_id) DO UPDATE SET nik = EXCLUDED.nik, full_name = EXCLUDED.full_name,
         coverage_start = EXCLUDED.coverage_start, enrolled_at = EXCLUDED.enrolled_at`,
      [JSON.stringify(enrolled)],
    );
  }
  if (months.length) {
    await tx.query(
      `INSERT INTO ${t.ledger_months} (member_id, period, paid_on, amount, payment_id)
       SELECT member_id, period, paid_on, amount, payment_id
       FROM jsonb_to_recordset($1::jsonb) AS x(member_id text, period text, paid_on text, amount bigint, payment_id text)
       ON CONFLICT (member_id, period) DO NOTHING`,
      [JSON.stringify(months)],
    );
  }
  if (deaths.length) {
    await tx.query(
      `UPDATE ${t.ledger_members} m SET deceased_on = x.deceased_on
       FROM jsonb_to_recordset($1::jsonb) AS x(member_id text, deceased_on text) WHERE m.member_id = x.member_id`,
      [JSON.stringify(deaths)],
    );
  }
}
