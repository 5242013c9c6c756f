import { EventStore, PollableStore, SqlClient, SqlQueryable } from '@app/event-store';
import { MemberState, MemberStatus, P3keDecile } from '@app/domain/members';
import { addMonths, firstDayOf, IsoDate, IsoMonth } from '@app/domain/shared/dates';
import { liveTables, Projection } from '../projection';
import { readCheckpoint } from '../projection-runner';
import { membersProjection } from './members.projection';

const members = (): string => liveTables(membersProjection).members;

export interface MemberFilter {
  nik?: string;
  p3keDesil?: P3keDecile;
  status?: MemberStatus;
  subdistrict?: string;
  /** "Today" in Asia/Jakarta: status depends on it (a lapse is a date, not an event). */
  today: IsoDate;
  /** Keyset cursor: member ids after this one. */
  afterMemberId?: string;
  limit: number;
}

export interface MemberRecord {
  state: MemberState;
  revision: number;
}

/** API.md `GET /api/members`: filters in SQL, the status as of `today`, ordered by member id. */
export async function findMembers(db: SqlQueryable, filter: MemberFilter): Promise<MemberRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.nik !== undefined) where.push(`nik = ${param(filter.nik)}`);
  if (filter.p3keDesil !== undefined) where.push(`p3ke_desil = ${param(filter.p3keDesil)}`);
  if (filter.subdistrict !== undefined) where.push(`subdistrict = ${param(filter.subdistrict)}`);
  if (filter.status !== undefined) {
    const today = param(filter.today);
    const alive = `(deceased_on IS NULL OR deceased_on > ${today})`;
    if (filter.status === 'DECEASED') where.push(`deceased_on <= ${today}`);
    else if (filter.status === 'LAPSED') where.push(`${alive} AND lapse_date <= ${today}`);
    else where.push(`${alive} AND (lapse_date IS NULL OR lapse_date > ${today})`);
  }
  if (filter.afterMemberId !== undefined) where.push(`member_id > ${param(filter.afterMemberId)}`);
  const { rows } = await db.query<{ state: MemberState; revision: number }>(
    `SELECT state, revision FROM ${members()} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY member_id LIMIT ${param(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({ state: r.state, revision: Number(r.revision) }));
}

/** The members already holding these NIKs (a fast pre-check; the NIK reservation decides). */
export async function memberIdsByNik(db: SqlQueryable, niks: string[]): Promise<Map<string, string>> {
  if (niks.length === 0) return new Map();
  const { rows } = await db.query<{ nik: string; member_id: string }>(
    `SELECT nik, member_id FROM ${members()} WHERE nik = ANY($1::text[])`,
    [niks],
  );
  return new Map(rows.map((r) => [r.nik, r.member_id]));
}

/** Folded member states with the stream revision they reflect, for the ids that are projected. */
export async function memberRecordsByIds(
  db: SqlQueryable,
  ids: string[],
): Promise<Map<string, MemberRecord>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ member_id: string; state: MemberState; revision: number }>(
    `SELECT member_id, state, revision FROM ${members()} WHERE member_id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.member_id, { state: r.state, revision: Number(r.revision) }]));
}

/**
 * Members whose membership is active in `period` for a payment dated `paidOn`: the SQL form of
 * `isActiveInPeriod` (coverage started by the period, not dead before it, not lapsed by `paidOn`
 * at or before the period). Lapse dates are first days of months, so "period >= month(lapse)"
 * is "first day of period >= lapse".
 */
export async function memberIdsActiveInPeriod(
  db: SqlQueryable,
  period: IsoMonth,
  paidOn: IsoDate,
): Promise<string[]> {
  const { rows } = await db.query<{ member_id: string }>(
    `SELECT member_id FROM ${members()}
     WHERE coverage_start < $1
       AND (deceased_on IS NULL OR deceased_on >= $2)
       AND NOT (lapse_date IS NOT NULL AND lapse_date <= $3 AND lapse_date <= $2)
     ORDER BY member_id`,
    [firstDayOf(addMonths(period, 1)), firstDayOf(period), paidOn],
  );
  return rows.map((r) => r.member_id);
}

/**
 * Waits until `projection` has applied every event of its filter committed before this call.
 * A filtered projection's checkpoint stops at its own last event, so "caught up" means "no
 * matching event after the checkpoint", not "checkpoint = head". On PostgreSQL an empty read
 * proves nothing while a transaction older than the call still runs (its events are hidden
 * behind it), so, like a subscription's caughtUp, it counts only once a read's horizon has
 * passed every transaction begun before the call. False on timeout.
 */
export async function waitForProjection(
  store: EventStore,
  db: SqlClient,
  projection: Projection,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const horizons = store as EventStore & PollableStore;
  const withHorizon = horizons.commitHorizon && horizons.readAllWithHorizon ? horizons : undefined;
  const target = await withHorizon?.commitHorizon!();
  for (;;) {
    const checkpoint = await readCheckpoint(db, projection.name).catch(() => 0);
    const options = { after: checkpoint, limit: 1, ...projection.filter };
    if (withHorizon) {
      const { events, horizon } = await withHorizon.readAllWithHorizon!(options);
      if (events.length === 0 && horizon >= target!) return true;
    } else if ((await store.readAll(options)).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
