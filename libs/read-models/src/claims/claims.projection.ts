import { RecordedEvent, SqlQueryable } from '@app/event-store';
import {
  CLAIM_EVENT_TYPES,
  ClaimEvent,
  ClaimState,
  evolveClaim,
  initialClaimState,
} from '@app/domain/claims';
import { Projection, TableNames } from '../projection';

export const CLAIM_STREAM_PREFIX = 'claim-';
const CLAIM_TYPES: ReadonlySet<string> = new Set(CLAIM_EVENT_TYPES);

/**
 * The adjudicators' worklist (`GET /api/claims`): one row per claim, oldest submission first,
 * with the columns the filters use and the folded claim state the view is drawn from.
 */
export const claimsProjection: Projection = {
  name: 'claims',
  tables: ['claims'],
  schema: (t) => `
CREATE TABLE IF NOT EXISTS ${t.claims} (
  claim_id         text PRIMARY KEY,
  member_id        text NOT NULL,
  benefit          text NOT NULL,
  status           text NOT NULL,
  submitted_at     timestamptz NOT NULL,
  submitted_by     text NOT NULL,
  incident_date    text,
  reported_on      text,
  eligible         boolean NOT NULL,
  total            bigint NOT NULL,
  reason_codes     text[] NOT NULL,
  schedule_version text NOT NULL,
  complete_on      text,
  due_by           text,
  version          integer NOT NULL,
  state            jsonb NOT NULL,
  last_position    bigint NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${t.claims}_oldest_first ON ${t.claims} (submitted_at, claim_id);
CREATE INDEX IF NOT EXISTS ${t.claims}_by_status ON ${t.claims} (status, submitted_at, claim_id);
CREATE INDEX IF NOT EXISTS ${t.claims}_by_member ON ${t.claims} (member_id, submitted_at, claim_id);
CREATE INDEX IF NOT EXISTS ${t.claims}_by_benefit ON ${t.claims} (benefit, submitted_at, claim_id)`,
  filter: { streamPrefixes: [CLAIM_STREAM_PREFIX], types: [...CLAIM_EVENT_TYPES] },
  apply: applyClaimEvents,
};

interface Row {
  state: ClaimState;
  revision: number;
  position: number;
  recordedAt: string;
}

async function applyClaimEvents(tx: SqlQueryable, events: RecordedEvent[], t: TableNames): Promise<void> {
  const rows = new Map<string, Row>();
  for (const e of events) {
    if (!e.streamId.startsWith(CLAIM_STREAM_PREFIX) || !CLAIM_TYPES.has(e.type)) continue;
    const claimId = e.streamId.slice(CLAIM_STREAM_PREFIX.length);
    const row = rows.get(claimId) ?? (await loadRow(tx, t, claimId));
    // The checkpoint makes replays exact; this guard keeps a row right even if one is not.
    if (e.revision < row.revision + 1) {
      rows.set(claimId, row);
      continue;
    }
    rows.set(claimId, {
      state: evolveClaim(row.state, { type: e.type, data: e.data } as ClaimEvent),
      revision: e.revision,
      position: e.position,
      recordedAt: e.metadata.recordedAt,
    });
  }
  for (const row of rows.values()) if (row.state.exists) await saveRow(tx, t, row);
}

async function loadRow(tx: SqlQueryable, t: TableNames, claimId: string): Promise<Row> {
  const { rows } = await tx.query<{
    state: ClaimState;
    version: number;
    last_position: number;
    updated_at: Date;
  }>(`SELECT state, version, last_position, updated_at FROM ${t.claims} WHERE claim_id = $1`, [claimId]);
  const r = rows[0];
  if (!r) return { state: initialClaimState(), revision: -1, position: 0, recordedAt: '' };
  return {
    state: r.state,
    revision: Number(r.version) - 1,
    position: Number(r.last_position),
    recordedAt: new Date(r.updated_at).toISOString(),
  };
}

async function saveRow(tx: SqlQueryable, t: TableNames, row: Row): Promise<void> {
  const s = row.state;
  await tx.query(
    `INSERT INTO ${t.claims} (claim_id, member_id, benefit, status, submitted_at, submitted_by, incident_date,
       reported_on, eligible, total, reason_codes, schedule_version, complete_on, due_by, version, state,
       last_position, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18)
     ON CONFLICT (claim_id) DO UPDATE SET
       status = EXCLUDED.status, eligible = EXCLUDED.eligible, total = EXCLUDED.total,
       reason_codes = EXCLUDED.reason_codes, schedule_version = EXCLUDED.schedule_version,
       complete_on = EXCLUDED.complete_on, due_by = EXCLUDED.due_by, version = EXCLUDED.version,
       state = EXCLUDED.state, last_position = EXCLUDED.last_position, updated_at = EXCLUDED.updated_at`,
    [
      s.claimId,
      s.memberId,
      s.benefit,
      s.status,
      s.submittedAt,
      s.submittedBy,
      s.request.incidentDate ?? null,
      s.request.reportedOn ?? null,
      s.assessment.eligible,
      s.assessment.total,
      s.assessment.reasons.map((r) => r.code),
      s.assessment.scheduleVersion,
      s.completeOn ?? null,
      s.dueBy ?? null,
      row.revision + 1,
      JSON.stringify(s),
      row.position,
      row.recordedAt,
    ],
  );
}
