import { openSqlClient, RecordedEvent, SqlClient } from '@app/event-store';
import { enrolled, paid } from '@app/domain/members/member.fixtures';
import { MemberEvent } from '@app/domain/members';
import { TableNames } from '../projection';
import { membersProjection } from './members.projection';
import { findMembers, memberIdsActiveInPeriod, memberIdsByNik } from './members.queries';

let position = 0;
function recorded(memberId: string, events: MemberEvent[]): RecordedEvent[] {
  return events.map((e, revision) => ({
    eventId: `e-${++position}`,
    streamId: `member-${memberId}`,
    revision,
    position,
    type: e.type,
    data: { ...(e.data as object), memberId },
    metadata: { actor: 't', correlationId: 'c', schemaVersion: 1, recordedAt: '2025-01-01T00:00:00Z' },
    hash: 'h',
    prevHash: null,
  }));
}

async function tablesIn(db: SqlClient, suffix: string): Promise<TableNames> {
  const t = { members: `rm_members${suffix}` };
  for (const stmt of membersProjection.schema(t).split(/;\s*\n/)) await db.query(stmt);
  return t;
}

const rows = async (db: SqlClient, t: TableNames) =>
  (
    await db.query(
      `SELECT member_id, nik, lapse_date, deceased_on, revision, state FROM ${t.members} ORDER BY member_id`,
    )
  ).rows;

describe('members read model (docs/benefit-rules.md "Members" and "Contributions and coverage", docs/api.md GET /api/members)', () => {
  let db: SqlClient;
  // a: Jan and Feb paid on time (lapses 2025-06-01); b: nothing paid (lapses 2025-04-01); c: died.
  const a = recorded('a', [
    enrolled({ nik: '1606011205850001' }),
    paid('2025-01', '2025-01-10'),
    paid('2025-02', '2025-02-10'),
  ]);
  const b = recorded('b', [enrolled({ nik: '1606011205850002', subdistrict: 'Lais', p3keDesil: 2 })]);
  const c = recorded('c', [
    enrolled({ nik: '1606011205850003' }),
    { type: 'MemberDeceased', data: { memberId: 'c', dateOfDeath: '2025-03-15', claimId: 'claim-1' } },
  ]);
  const all = [...a, ...b, ...c].sort((x, y) => x.position - y.position);

  beforeAll(async () => {
    db = await openSqlClient('pglite://memory');
  });
  afterAll(() => db.close());

  it('one batch or one event at a time, and replays, give the same rows (checkpoint-safe, rebuild-equal)', async () => {
    const batch = await tablesIn(db, '_batch');
    await db.transaction((tx) => membersProjection.apply(tx, all, batch));
    const single = await tablesIn(db, '_single');
    for (const e of all) await db.transaction((tx) => membersProjection.apply(tx, [e], single));
    await db.transaction((tx) => membersProjection.apply(tx, all, single)); // a replay changes nothing
    expect(await rows(db, single)).toEqual(await rows(db, batch));
    expect(
      (await rows(db, batch)).map((r) => [r.member_id, r.lapse_date, r.deceased_on, Number(r.revision)]),
    ).toEqual([
      ['a', '2025-06-01', null, 2],
      ['b', '2025-04-01', null, 0],
      ['c', '2025-04-01', '2025-03-15', 1],
    ]);
  });

  it('filters by NIK, decile, subdistrict, and by status as of the given day', async () => {
    const t = { members: 'rm_members' };
    await tablesIn(db, '');
    await db.transaction((tx) => membersProjection.apply(tx, all, t));
    const ids = async (filter: Partial<Parameters<typeof findMembers>[1]>, today = '2025-03-01') =>
      (await findMembers(db, { today, limit: 50, ...filter })).map((r) => r.state.memberId);
    expect(await ids({ nik: '1606011205850002' })).toEqual(['b']);
    expect(await ids({ p3keDesil: 2 })).toEqual(['b']);
    expect(await ids({ subdistrict: 'Sekayu' })).toEqual(['a', 'c']);
    expect(await ids({ status: 'ACTIVE' })).toEqual(['a', 'b', 'c']);
    expect(await ids({ status: 'LAPSED' }, '2025-04-01')).toEqual(['b']);
    expect(await ids({ status: 'DECEASED' }, '2025-04-01')).toEqual(['c']);
    expect(await ids({ status: 'ACTIVE' }, '2025-04-01')).toEqual(['a']);
    expect(await ids({ afterMemberId: 'a', limit: 1 })).toEqual(['b']);
    expect(await memberIdsByNik(db, ['1606011205850001', '1606011205859999'])).toEqual(
      new Map([['1606011205850001', 'a']]),
    );
  });

  it('"active in the period" is isActiveInPeriod in SQL: coverage started, not dead before, not lapsed by the payment date', async () => {
    expect(await memberIdsActiveInPeriod(db, '2025-03', '2025-03-05')).toEqual(['a', 'b', 'c']);
    expect(await memberIdsActiveInPeriod(db, '2025-04', '2025-04-05')).toEqual(['a']); // b lapsed 04-01, c died in March
    expect(await memberIdsActiveInPeriod(db, '2025-04', '2025-03-31')).toEqual(['a', 'b']); // paid before b's lapse
    expect(await memberIdsActiveInPeriod(db, '2025-03', '2025-04-05')).toEqual(['a', 'b', 'c']); // late, before the lapse month
    expect(await memberIdsActiveInPeriod(db, '2024-12', '2024-12-05')).toEqual([]);
  });
});
