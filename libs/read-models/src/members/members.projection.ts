import { STREAM_PREFIX } from '@app/domain/shared';
import {
  evolveMember,
  initialMemberState,
  lapseDateOf,
  MEMBER_EVENT_TYPES,
  MemberEvent,
  MemberState,
  membershipPolicyOn,
} from '@app/domain/members';
import { TableNames } from '../projection';
import { keyedProjection } from '../keyed-projection';

/** Member streams are `member-<memberId>` (the NIK reservations `nik-…` are not projected). */
export const MEMBER_STREAM_PREFIX = STREAM_PREFIX.member;
export const MEMBERS_PROJECTION = 'members';

const KNOWN_TYPES = new Set<string>(MEMBER_EVENT_TYPES);

/** One row per member: the folded state plus the columns the filters of docs/api.md need. */
export interface MemberRow {
  member_id: string;
  nik: string;
  subdistrict: string;
  p3ke_desil: number;
  coverage_start: string;
  /** lapseDateOf(state): time-independent, so "LAPSED" is `lapse_date <= today` at query time. */
  lapse_date: string | null;
  deceased_on: string | null;
  /** The stream revision the state was folded up to: an expected revision for appends. */
  revision: number;
  state: MemberState;
}

/** The lapse date of the current membership, by the schedule in force on its coverage start. */
export function lapseDateForRow(state: MemberState): string | null {
  if (!state.exists) return null;
  return lapseDateOf(state, membershipPolicyOn(state.coverageStart).lapseMonths) ?? null;
}

export function memberRowOf(state: MemberState, revision: number): MemberRow {
  return {
    member_id: state.memberId,
    nik: state.nik,
    subdistrict: state.subdistrict,
    p3ke_desil: state.p3keDesil,
    coverage_start: state.coverageStart,
    lapse_date: lapseDateForRow(state),
    deceased_on: state.deceasedOn ?? null,
    revision,
    state,
  };
}

const UPSERT_CHUNK = 1000;

interface FoldedMember {
  state: MemberState;
  revision: number;
}

/**
 * Folds each member's events with the member decider's own `evolve`, so the read model can never
 * disagree with the write side's rules. Live, a batch costs two statements whatever its size: one
 * read of the members it touches and one upsert (the import writes tens of thousands of members
 * at once); a rebuild writes each member once (see `keyedProjection`).
 */
export const membersProjection = keyedProjection<FoldedMember>({
  name: MEMBERS_PROJECTION,
  tables: ['members'],
  filter: { streamPrefixes: [MEMBER_STREAM_PREFIX] },
  schema: (t: TableNames) => `
CREATE TABLE IF NOT EXISTS ${t.members} (
  member_id      text PRIMARY KEY,
  nik            text NOT NULL,
  subdistrict    text NOT NULL,
  p3ke_desil     int NOT NULL,
  coverage_start text NOT NULL,
  lapse_date     text,
  deceased_on    text,
  revision       bigint NOT NULL,
  state          jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS ${t.members}_nik ON ${t.members} (nik);
CREATE INDEX IF NOT EXISTS ${t.members}_subdistrict ON ${t.members} (subdistrict, member_id);
CREATE INDEX IF NOT EXISTS ${t.members}_desil ON ${t.members} (p3ke_desil, member_id);
CREATE INDEX IF NOT EXISTS ${t.members}_lapse ON ${t.members} (lapse_date)`,
  keyed: {
    keyOf: (e) =>
      e.streamId.startsWith(MEMBER_STREAM_PREFIX) ? e.streamId.slice(MEMBER_STREAM_PREFIX.length) : undefined,

    async load(tx, t, ids) {
      const { rows } = await tx.query<{ member_id: string; revision: number; state: MemberState }>(
        `SELECT member_id, revision, state FROM ${t.members} WHERE member_id = ANY($1::text[])`,
        [ids],
      );
      return new Map(rows.map((r) => [r.member_id, { state: r.state, revision: Number(r.revision) }]));
    },

    fold(row, e) {
      const current = row ?? { state: initialMemberState(), revision: -1 };
      if (e.revision <= current.revision) return undefined; // already applied: a replay changes nothing
      const state = KNOWN_TYPES.has(e.type)
        ? evolveMember(current.state, { type: e.type, data: e.data } as MemberEvent)
        : current.state;
      return { state, revision: e.revision };
    },

    async save(tx, t, folded) {
      const upserts = folded.filter((r) => r.state.exists).map((r) => memberRowOf(r.state, r.revision));
      for (let i = 0; i < upserts.length; i += UPSERT_CHUNK) {
        await tx.query(
          `INSERT INTO ${t.members} (member_id, nik, subdistrict, p3ke_desil, coverage_start, lapse_date, deceased_on, revision, state)
           SELECT r.member_id, r.nik, r.subdistrict, r.p3ke_desil, r.coverage_start, r.lapse_date, r.deceased_on, r.revision, r.state
           FROM jsonb_to_recordset($1::jsonb) AS r(member_id text, nik text, subdistrict text, p3ke_desil int,
             coverage_start text, lapse_date text, deceased_on text, revision bigint, state jsonb)
           ON CONFLICT (member_id) DO UPDATE SET nik = EXCLUDED.nik, subdistrict = EXCLUDED.subdistrict,
             p3ke_desil = EXCLUDED.p3ke_desil, coverage_start = EXCLUDED.coverage_start,
             lapse_date = EXCLUDED.lapse_date, deceased_on = EXCLUDED.deceased_on,
             revision = EXCLUDED.revision, state = EXCLUDED.state`,
          [JSON.stringify(upserts.slice(i, i + UPSERT_CHUNK))],
        );
      }
    },
  },
});
