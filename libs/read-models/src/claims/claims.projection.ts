import { STREAM_PREFIX } from '@app/domain/shared';
import { SqlQueryable } from '@app/event-store';
import { CLAIM_EVENT_TYPES, ClaimEvent } from '@app/domain/claims';
import { TableNames } from '../projection';
import { keyedProjection } from '../keyed-projection';
import { ClaimRow, evolveClaimRow } from './claim-row';

export const CLAIM_STREAM_PREFIX = STREAM_PREFIX.claim;
const CLAIM_TYPES: ReadonlySet<string> = new Set(CLAIM_EVENT_TYPES);

/**
 * The adjudicators' worklist (`GET /api/claims`): one row per claim, oldest submission first,
 * with the columns the filters use and the read model's own record of the claim (`ClaimRow`, in
 * the `state` column) that the view is drawn from.
 */
export const claimsProjection = keyedProjection<Row>({
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
  keyed: {
    keyOf: (e) =>
      e.streamId.startsWith(CLAIM_STREAM_PREFIX) && CLAIM_TYPES.has(e.type)
        ? e.streamId.slice(CLAIM_STREAM_PREFIX.length)
        : undefined,
    load: loadRows,
    fold(row, e) {
      const current = row ?? { state: undefined, revision: -1, position: 0, recordedAt: '' };
      // The checkpoint makes replays exact; this guard keeps a row right even if one is not.
      if (e.revision < current.revision + 1) return undefined;
      return {
        state: evolveClaimRow(current.state, { type: e.type, data: e.data } as ClaimEvent),
        revision: e.revision,
        position: e.position,
        recordedAt: e.metadata.recordedAt,
      };
    },
    save: (tx, t, rows) =>
      saveRows(
        tx,
        t,
        rows.flatMap((r) => (r.state ? [{ ...r, state: r.state }] : [])),
      ),
  },
});

interface Row {
  /** The read model's own record of the claim (column `state`), undefined before ClaimSubmitted. */
  state: ClaimRow | undefined;
  revision: number;
  position: number;
  recordedAt: string;
}

async function loadRows(tx: SqlQueryable, t: TableNames, claimIds: string[]): Promise<Map<string, Row>> {
  const { rows } = await tx.query<{
    claim_id: string;
    state: ClaimRow;
    version: number;
    last_position: number;
    updated_at: Date;
  }>(
    `SELECT claim_id, state, version, last_position, updated_at FROM ${t.claims} WHERE claim_id = ANY($1::text[])`,
    [claimIds],
  );
  return new Map(
    rows.map((r) => [
      r.claim_id,
      {
        state: r.state,
        revision: Number(r.version) - 1,
        position: Number(r.last_position),
        recordedAt: new Date(r.updated_at).toISOString(),
      },
    ]),
  );
}

async function saveRows(tx: SqlQueryable, t: TableNames, rows: (Row & { state: ClaimRow })[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => {
    const s = row.state;
    return {
      claim_id: s.claimId,
      member_id: s.memberId,
      benefit: s.benefit,
      status: s.status,
      submitted_at: s.submittedAt,
      submitted_by: s.submittedBy,
      incident_date: s.request.incidentDate ?? null,
      reported_on: s.request.reportedOn ?? null,
      eligible: s.assessment.eligible,
      total: s.assessment.total,
      reason_codes: s.assessment.reasons.map((r) => r.code),
      schedule_version: s.assessment.scheduleVersion,
      complete_on: s.completeOn ?? null,
      due_by: s.dueBy ?? null,
      version: row.revision + 1,
      state: s,
      last_position: row.position,
      updated_at: row.recordedAt,
    };
  });
  await tx.query(
    `INSERT INTO ${t.claims} (claim_id, member_id, benefit, status, submitted_at, submitted_by, incident_date,
       reported_on, eligible, total, reason_codes, schedule_version, complete_on, due_by, version, state,
       last_position, updated_at)
     SELECT claim_id, member_id, benefit, status, submitted_at, submitted_by, incident_date, reported_on, eligible,
       total, ARRAY(SELECT jsonb_array_elements_text(reason_codes)), schedule_version, complete_on, due_by, version,
       state, last_position, updated_at
     FROM jsonb_to_recordset($1::jsonb) AS x(claim_id text, member_id text, benefit text, status text,
       submitted_at timestamptz, submitted_by text, incident_date text, reported_on text, eligible boolean,
       total bigint, reason_codes jsonb, schedule_version text, complete_on text, due_by text, version integer,
       state jsonb, last_position bigint, updated_at timestamptz)
     ON CONFLICT (claim_id) DO UPDATE SET
       status = EXCLUDED.status, eligible = EXCLUDED.eligible, total = EXCLUDED.total,
       reason_codes = EXCLUDED.reason_codes, schedule_version = EXCLUDED.schedule_version,
       complete_on = EXCLUDED.complete_on, due_by = EXCLUDED.due_by, version = EXCLUDED.version,
       state = EXCLUDED.state, last_position = EXCLUDED.last_position, updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(records)],
  );
}
