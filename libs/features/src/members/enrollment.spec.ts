import { randomUUID } from 'node:crypto';
import { EsdbEventStore, EventStore, openSqlClient, SqlEventStore, StreamWrite } from '@app/event-store';
import { DomainError } from '@app/domain/shared';
import { EsdbTestServer, freshSchema } from '@app/testing';
import { enrollPerson, EnrollmentRequest } from './enrollment';
import { memberStreamId, nikReservationStreamId } from './member-streams';
import { NikKey } from './nik-key';

const ctx = { actor: 'officer-1', correlationId: 'spec' };
const nikKey = new NikKey('a-spec-key-of-thirty-two-bytes-or-more');
let serial = 0;

function request(overrides: Partial<EnrollmentRequest> = {}): EnrollmentRequest {
  serial += 1;
  return {
    input: {
      nik: `1606011205850${String(serial).padStart(3, '0')}`,
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      coverageStart: '2025-01-01',
      heirs: [],
    },
    today: '2025-01-15',
    reEnrollLapsed: true,
    ...overrides,
    nikKey: overrides.nikKey ?? nikKey,
  };
}

/** Settles every attempt; returns the member ids enrolled and the errors of the rest. */
async function race(attempts: Array<() => Promise<{ outcome: string; memberId: string }>>) {
  const results = await Promise.allSettled(attempts.map((a) => a()));
  const enrolled = results.flatMap((r) =>
    r.status === 'fulfilled' && r.value.outcome === 'ENROLLED' ? [r.value.memberId] : [],
  );
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
  return { enrolled, refused };
}

interface Adapter {
  name: string;
  /** Two stores = two processes' worth of connections and caches (PGlite: one process by design). */
  open(): Promise<[EventStore, EventStore]>;
  /**
   * The next write to a stream `matches` accepts fails after the writes before it in the same
   * appendMany were stored, as a crash between two writes leaves it on a store without
   * multi-stream transactions (KurrentDB: the server fails that append).
   */
  failNextWrite(store: EventStore, matches: (streamId: string) => boolean): EventStore;
  close(): Promise<void>;
}

/** A SQL store whose appendMany writes stream by stream, the armed write failing once. */
function withoutAtomicity(store: EventStore, matches: (streamId: string) => boolean): EventStore {
  let armed = true;
  const fail = (streamId: string) => {
    if (!armed || !matches(streamId)) return;
    armed = false;
    throw new Error('injected failure');
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendMany')
        return async (writes: StreamWrite[], ctx: { actor: string; correlationId: string }) => {
          const results = [];
          for (const w of writes) {
            fail(w.streamId);
            results.push(await target.append(w.streamId, w.events, w.expected, ctx));
          }
          return results;
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const adapters: Adapter[] = [
  (() => {
    let store: EventStore | undefined;
    return {
      name: 'pglite',
      async open() {
        store = await SqlEventStore.create(await openSqlClient('pglite://memory'));
        return [store, store] as [EventStore, EventStore];
      },
      failNextWrite: withoutAtomicity,
      async close() {
        await store?.close();
      },
    };
  })(),
  (() => {
    let stores: EventStore[] = [];
    let drop: (() => Promise<void>) | undefined;
    return {
      name: 'postgres',
      async open() {
        const schema = await freshSchema('enroll');
        drop = schema.drop;
        stores = [
          await SqlEventStore.create(await openSqlClient(schema.url)),
          await SqlEventStore.create(await openSqlClient(schema.url)),
        ];
        return stores as [EventStore, EventStore];
      },
      failNextWrite: withoutAtomicity,
      async close() {
        await Promise.all(stores.map((s) => s.close()));
        await drop?.();
      },
    };
  })(),
  (() => {
    let server: EsdbTestServer | undefined;
    let stores: EventStore[] = [];
    return {
      name: 'esdb (test server)',
      async open() {
        server = await EsdbTestServer.start();
        stores = [EsdbEventStore.connect(server.url), EsdbEventStore.connect(server.url)];
        return stores as [EventStore, EventStore];
      },
      failNextWrite(store: EventStore, matches: (streamId: string) => boolean) {
        server!.failAppends(matches);
        return store;
      },
      async close() {
        await Promise.all(stores.map((s) => s.close()));
        await server?.stop();
      },
    };
  })(),
];

describe.each(adapters)('docs/benefit-rules.md "Members" one person, one membership, on $name', (adapter) => {
  let a: EventStore;
  let b: EventStore;
  beforeAll(async () => {
    [a, b] = await adapter.open();
  });
  afterAll(() => adapter.close());

  it('10 concurrent enrollments of one NIK (half through each store): one enrolls, nine are refused naming it', async () => {
    const req = request();
    const { enrolled, refused } = await race(
      Array.from({ length: 10 }, (_, i) => () => enrollPerson(i % 2 ? a : b, { ...req }, ctx)),
    );
    expect(enrolled).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const e of refused) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e.kind).toBe('conflict');
      expect(e.details.memberId).toBe(enrolled[0]);
    }
    expect(await a.readStream(nikReservationStreamId(req.input.nik, nikKey))).toHaveLength(1);
    expect((await a.readStream(memberStreamId(enrolled[0]))).map((e) => e.type)).toEqual(['MemberEnrolled']);
  });

  it('the NIK never appears in a stream name', async () => {
    const req = request();
    const outcome = await enrollPerson(a, req, ctx);
    // The streams table itself: readAll waits for every open transaction in the database.
    const streams =
      a instanceof SqlEventStore
        ? (await a.sql.query<{ stream_id: string }>('SELECT stream_id FROM es_streams')).rows.map(
            (r) => r.stream_id,
          )
        : (await a.readAll({ limit: 100_000 })).map((e) => e.streamId);
    expect(streams).toContain(memberStreamId(outcome.memberId));
    expect(streams.some((s) => s.includes(req.input.nik))).toBe(false);
  });

  it('crash recovery: a reservation without a member stream is completed, once, under the reserved id', async () => {
    const req = request();
    const reservedId = randomUUID();
    await a.append(
      nikReservationStreamId(req.input.nik, nikKey),
      [{ type: 'NikReserved', data: { memberId: reservedId } }],
      'no_stream',
      ctx,
    );
    const { enrolled, refused } = await race(
      Array.from({ length: 6 }, (_, i) => () => enrollPerson(i % 2 ? a : b, req, ctx)),
    );
    expect(enrolled).toEqual([reservedId]);
    expect(refused.every((e) => e.details.memberId === reservedId)).toBe(true);
    expect((await a.readStream(memberStreamId(reservedId))).map((e) => e.type)).toEqual(['MemberEnrolled']);
  });

  it('fault injection: the member write fails after the reservation; a retry enrolls once under the reserved id', async () => {
    const req = request();
    const failing = adapter.failNextWrite(a, (id) => id.startsWith('member-'));
    await expect(enrollPerson(failing, req, ctx)).rejects.toThrow(/injected failure/);
    const [reservation] = await a.readStream(nikReservationStreamId(req.input.nik, nikKey));
    const reservedId = (reservation.data as { memberId: string }).memberId;
    expect(await a.readStream(memberStreamId(reservedId))).toEqual([]);
    // The same request again (an HTTP retry), racing another enrollment of the same NIK.
    const { enrolled, refused } = await race([
      () => enrollPerson(a, req, ctx),
      () => enrollPerson(b, request({ input: req.input }), ctx),
    ]);
    expect(enrolled).toEqual([reservedId]);
    expect(refused.map((e) => e.details.memberId)).toEqual([reservedId]);
    expect((await a.readStream(memberStreamId(reservedId))).map((e) => e.type)).toEqual(['MemberEnrolled']);
  });

  it("fault injection on an import row: its resume completes the member under the row's own id and event ids", async () => {
    const req = request({
      memberId: randomUUID(),
      eventIds: { reservation: randomUUID(), enrollment: randomUUID() },
      reEnrollLapsed: false,
    });
    const failing = adapter.failNextWrite(a, (id) => id === memberStreamId(req.memberId!));
    await expect(enrollPerson(failing, req, ctx)).rejects.toThrow(/injected failure/);
    expect(await enrollPerson(b, req, ctx)).toMatchObject({ outcome: 'ENROLLED', memberId: req.memberId });
    expect(await enrollPerson(a, req, ctx)).toMatchObject({ outcome: 'ENROLLED', memberId: req.memberId });
    const [enrolled] = await a.readStream(memberStreamId(req.memberId!));
    expect(enrolled.eventId).toBe(req.eventIds!.enrollment);
    expect(await a.readStream(memberStreamId(req.memberId!))).toHaveLength(1);
  });

  it('the import never re-enrolls: an existing member is ALREADY_ENROLLED, even when LAPSED', async () => {
    const req = request({ input: { ...request().input, coverageStart: '2024-01-01' } }); // lapsed 2024-04-01
    const first = await enrollPerson(a, req, ctx);
    expect(await enrollPerson(a, { ...req, reEnrollLapsed: false }, ctx)).toEqual({
      outcome: 'ALREADY_ENROLLED',
      memberId: first.memberId,
    });
    const again = await enrollPerson(
      a,
      { ...req, input: { ...req.input, coverageStart: '2025-02-01' } },
      ctx,
    );
    expect(again).toMatchObject({ outcome: 'RE_ENROLLED', memberId: first.memberId });
  });

  it('an import row retried with its own member id and event ids is enrolled once (resume is idempotent)', async () => {
    const req = request({
      memberId: randomUUID(),
      eventIds: { reservation: randomUUID(), enrollment: randomUUID() },
      reEnrollLapsed: false,
    });
    const first = await enrollPerson(a, req, ctx);
    const retry = await enrollPerson(b, req, ctx);
    expect(retry).toMatchObject({ outcome: 'ENROLLED', memberId: first.memberId });
    expect(await a.readStream(memberStreamId(first.memberId))).toHaveLength(1);
  });

  it('an invalid enrollment writes nothing, not even the reservation', async () => {
    const req = request();
    await expect(
      enrollPerson(a, { ...req, input: { ...req.input, coverageStart: '2025-01-15' } }, ctx),
    ).rejects.toMatchObject({
      kind: 'validation',
    });
    expect(await a.readStream(nikReservationStreamId(req.input.nik, nikKey))).toEqual([]);
  });
});
