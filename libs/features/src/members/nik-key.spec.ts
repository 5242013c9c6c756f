import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { EventStore, openSqlClient, SqlClient, SqlEventStore } from '@app/event-store';
import { memberDecider } from '@app/domain/members';
import { enrollMemberCommand } from '@app/domain/members/member.fixtures';
import { DomainError } from '@app/domain/shared';
import { AppConfig, ConfigError } from '@app/platform';
import { freshSchema } from '@app/testing';
import { enrollCommand, enrollPerson, EnrollmentRequest } from './enrollment';
import { memberStreamId, nikReservationStreamId } from './member-streams';
import { keyNikReservations, legacyNikReservationStreamId, NikKey, resolveNikKey } from './nik-key';
import { toNewEvents } from '../shared/command-support';

const ctx = { actor: 'officer-1', correlationId: 'spec' };
const development = { nodeEnv: 'development' } as AppConfig;
let serial = 0;

function person(nikKey: NikKey): EnrollmentRequest {
  serial += 1;
  const {
    memberId: _unused,
    today: _enrolledOn,
    ...input
  } = enrollMemberCommand({
    nik: `1606011205850${String(serial).padStart(3, '0')}`,
  }).data;
  return { input, today: '2025-01-15', reEnrollLapsed: true, nikKey };
}

/** A member enrolled by the previous release: reservation `nik-<sha256(NIK)>`, then the member stream. */
async function enrollTheOldWay(store: EventStore, request: EnrollmentRequest): Promise<string> {
  const memberId = randomUUID();
  const events = memberDecider.decide(enrollCommand(request, memberId), memberDecider.initialState());
  await store.appendMany(
    [
      {
        streamId: legacyNikReservationStreamId(request.input.nik),
        events: toNewEvents([{ type: 'NikReserved', data: { memberId } }]),
        expected: 'no_stream',
      },
      { streamId: memberStreamId(memberId), events: toNewEvents(events), expected: 'no_stream' },
    ],
    ctx,
  );
  return memberId;
}

describe('NIK reservation stream ids: keyed hash and the migration of older stores (PostgreSQL)', () => {
  let db: SqlClient;
  let store: EventStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const schema = await freshSchema('nikkey');
    drop = schema.drop;
    db = await openSqlClient(schema.url);
    store = await SqlEventStore.create(db);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('the stream id is an HMAC of the NIK, not its plain SHA-256 (which any auditor can reverse)', () => {
    const key = new NikKey('k'.repeat(32));
    const nik = '1606014507850003';
    const plain = createHash('sha256').update(nik).digest('hex');
    expect(nikReservationStreamId(nik, key)).toMatch(/^nik-[0-9a-f]{64}$/);
    expect(nikReservationStreamId(nik, key)).not.toContain(plain);
    expect(nikReservationStreamId(nik, key)).not.toBe(
      nikReservationStreamId(nik, new NikKey('x'.repeat(32))),
    );
  });

  it('after the upgrade, an existing member NIK is still refused as a duplicate, by HTTP and by import', async () => {
    const key = new NikKey('the-configured-nik-hash-secret-32b+');
    const old = person(key);
    const memberId = await enrollTheOldWay(store, old);

    expect(await keyNikReservations(store, db, key)).toBeGreaterThanOrEqual(1);
    expect(await store.readStream(nikReservationStreamId(old.input.nik, key))).toEqual([
      expect.objectContaining({ type: 'NikReserved', data: { memberId } }),
    ]);
    await expect(enrollPerson(store, old, ctx)).rejects.toMatchObject({
      code: 'MEMBER_ALREADY_ENROLLED',
    } satisfies Partial<DomainError>);
    expect(await enrollPerson(store, { ...old, reEnrollLapsed: false }, ctx)).toEqual({
      outcome: 'ALREADY_ENROLLED',
      memberId,
    });
  });

  it('runs once per key: a second start writes nothing; a new key re-keys every member again', async () => {
    const key = new NikKey('the-configured-nik-hash-secret-32b+');
    const fresh = person(key);
    const { memberId } = await enrollPerson(store, fresh, ctx);
    const head = await store.headPosition();
    expect(await keyNikReservations(store, db, key)).toBeUndefined();
    expect(await store.headPosition()).toBe(head);

    const rotated = new NikKey('a-rotated-nik-hash-secret-of-32-bytes');
    expect(await keyNikReservations(store, db, rotated)).toBeGreaterThanOrEqual(2);
    expect(
      await enrollPerson(store, { ...person(rotated), input: fresh.input, reEnrollLapsed: false }, ctx),
    ).toEqual({
      outcome: 'ALREADY_ENROLLED',
      memberId,
    });
  });

  it('a re-key reserves a corrected NIK for its member; the NIK it replaced is free to enroll', async () => {
    const key = new NikKey('the-configured-nik-hash-secret-32b+');
    const before = person(key);
    const { memberId } = await enrollPerson(store, before, ctx);
    const corrected = person(key).input.nik;
    const member = await store.readStream(memberStreamId(memberId));
    await store.append(
      memberStreamId(memberId),
      toNewEvents([
        {
          type: 'MemberCorrected',
          data: {
            memberId,
            changes: { nik: corrected },
            previous: { nik: before.input.nik },
            reason: 'r',
            correctedBy: 'o',
            at: 'T',
          },
        },
      ]),
      member[member.length - 1].revision,
      ctx,
    );
    const rotated = new NikKey('another-rotated-nik-secret-32-bytes!');
    await keyNikReservations(store, db, rotated);
    const asCorrected = {
      ...person(rotated),
      input: { ...before.input, nik: corrected },
      reEnrollLapsed: false,
    };
    expect(await enrollPerson(store, asCorrected, ctx)).toEqual({ outcome: 'ALREADY_ENROLLED', memberId });
    const replaced = await enrollPerson(store, { ...person(rotated), input: before.input }, ctx);
    expect(replaced).toMatchObject({ outcome: 'ENROLLED' });
    expect((replaced as { memberId: string }).memberId).not.toBe(memberId);
  });

  it('production needs NIK_HASH_SECRET of at least 32 bytes', async () => {
    await expect(resolveNikKey({ nodeEnv: 'production' } as AppConfig, db)).rejects.toThrow(ConfigError);
    await expect(
      resolveNikKey({ nodeEnv: 'production', nikHashSecret: 'short' } as AppConfig, db),
    ).rejects.toThrow('at least 32 bytes');
    const key = await resolveNikKey(
      { nodeEnv: 'production', nikHashSecret: 'p'.repeat(32) } as AppConfig,
      db,
    );
    expect(key.fingerprint).toBe(new NikKey('p'.repeat(32)).fingerprint);
  });
});

describe('the development NIK key of an embedded store (PGlite directory)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nik-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on the first start and the same after a restart; a NIK enrolled before is refused after', async () => {
    const url = `pglite://${dir}`;
    let db = await openSqlClient(url);
    let store: EventStore = await SqlEventStore.create(db);
    const first = await resolveNikKey(development, db);
    await keyNikReservations(store, db, first);
    const request = person(first);
    const { memberId } = await enrollPerson(store, request, ctx);
    await store.close();
    await db.close();

    db = await openSqlClient(url);
    store = await SqlEventStore.create(db);
    const second = await resolveNikKey(development, db);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(await keyNikReservations(store, db, second)).toBeUndefined();
    expect(await enrollPerson(store, { ...request, nikKey: second, reEnrollLapsed: false }, ctx)).toEqual({
      outcome: 'ALREADY_ENROLLED',
      memberId,
    });
    await store.close();
    await db.close();
  });
});
