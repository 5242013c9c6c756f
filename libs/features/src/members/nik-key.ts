import { createHmac, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  AppendContext,
  EventStore,
  IdempotencyConflictError,
  SqlClient,
  StreamWrite,
  WrongExpectedVersionError,
} from '@app/event-store';
import { MemberCorrected, MemberEnrolled } from '@app/domain/members';
import { AppConfig, ConfigError, migrateReadModels } from '@app/platform';
import { nameBasedUuid, sha256Hex } from '../shared/ids';
import { NIK_RESERVATION_STREAM_PREFIX, nikReservationStreamId } from './member-streams';

/** A shorter key could be guessed; the NIK space itself is small (about 7×10¹⁰). */
export const MIN_NIK_HASH_SECRET_BYTES = 32;

/**
 * The key of the NIK reservation stream ids (`nik-<HMAC-SHA256(key, NIK)>`): stream ids are shown
 * to auditors, and a plain hash of a NIK is reversed by trying every plausible NIK.
 */
export class NikKey {
  private readonly secret: Buffer;
  /** Names the key without revealing it: which key the reservations were last keyed with. */
  readonly fingerprint: string;

  constructor(secret: string | Buffer) {
    this.secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    this.fingerprint = createHmac('sha256', this.secret)
      .update('nik-key-fingerprint')
      .digest('hex')
      .slice(0, 32);
  }

  hash(nik: string): string {
    return createHmac('sha256', this.secret).update(nik, 'utf8').digest('hex');
  }
}

/** Before the keyed hash, a reservation was `nik-<sha256(NIK)>`: still in older stores' history. */
export const legacyNikReservationStreamId = (nik: string): string =>
  `${NIK_RESERVATION_STREAM_PREFIX}${sha256Hex(nik)}`;

export const NIK_KEY_SCHEMA = `
CREATE TABLE IF NOT EXISTS nik_hash_key (
  id     smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  secret text NOT NULL
);
CREATE TABLE IF NOT EXISTS nik_reservations_keyed (
  fingerprint text PRIMARY KEY,
  members     integer NOT NULL,
  keyed_at    timestamptz NOT NULL DEFAULT now()
)`;

/**
 * NIK_HASH_SECRET, required in production. Elsewhere, without it, a key generated on the first
 * start and kept in the read-model database, so it stays the same for the data directory.
 */
export async function resolveNikKey(config: AppConfig, db: SqlClient): Promise<NikKey> {
  await migrateReadModels(db, [NIK_KEY_SCHEMA]);
  if (config.nikHashSecret) {
    if (
      config.nodeEnv === 'production' &&
      Buffer.byteLength(config.nikHashSecret) < MIN_NIK_HASH_SECRET_BYTES
    )
      throw new ConfigError(
        `NIK_HASH_SECRET must be at least ${MIN_NIK_HASH_SECRET_BYTES} bytes in production`,
      );
    return new NikKey(config.nikHashSecret);
  }
  if (config.nodeEnv === 'production') throw new ConfigError('NIK_HASH_SECRET must be set in production');
  await db.query('INSERT INTO nik_hash_key (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await db.query<{ secret: string }>('SELECT secret FROM nik_hash_key WHERE id = 1');
  return new NikKey(rows[0].secret);
}

const REKEY_BATCH = 500;
const REKEY_CONTEXT: AppendContext = {
  actor: 'system:nik-rekey',
  correlationId: 'nik-rekey',
  causationId: null,
};

const isConflict = (e: unknown): boolean =>
  e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError;

/**
 * Makes every enrolled member's NIK reserved under `key`, once per key: stores written before the
 * keyed hash (`nik-<sha256>`), or with another key, get a reservation under the new stream id
 * from each MemberEnrolled event, so the NIK of an existing member is still refused as a
 * duplicate. Runs at start, before the service takes enrollments; a re-run is a no-op. Returns
 * how many reservations it wrote (undefined: already keyed with this key).
 */
export async function keyNikReservations(
  store: EventStore,
  db: SqlClient,
  key: NikKey,
  log?: Logger,
): Promise<number | undefined> {
  await migrateReadModels(db, [NIK_KEY_SCHEMA]);
  const done = await db.query('SELECT 1 FROM nik_reservations_keyed WHERE fingerprint = $1', [
    key.fingerprint,
  ]);
  if (done.rows.length) return undefined;
  let written = 0;
  let members = 0;
  for (let after = 0; ;) {
    // A corrected NIK is the member's now: reserved too (the old one's reservation is stale and
    // released by the next enrollment that wants it, see enrollment.ts `completeRelease`).
    const enrolled = await store.readAll({
      types: ['MemberEnrolled', 'MemberCorrected'],
      after,
      limit: REKEY_BATCH,
    });
    if (enrolled.length === 0) break;
    after = enrolled[enrolled.length - 1].position;
    members += enrolled.filter((e) => e.type === 'MemberEnrolled').length;
    const writes: StreamWrite[] = enrolled.flatMap((e) => {
      const corrected = e.type === 'MemberCorrected' ? (e.data as MemberCorrected['data']) : undefined;
      const { memberId, nik } = corrected
        ? { memberId: corrected.memberId, nik: corrected.changes.nik }
        : (e.data as MemberEnrolled['data']);
      if (nik === undefined) return [];
      return [
        {
          streamId: nikReservationStreamId(nik, key),
          events: [
            {
              id: corrected
                ? nameBasedUuid('nik-rekey', key.fingerprint, memberId, e.eventId)
                : nameBasedUuid('nik-rekey', key.fingerprint, memberId),
              type: 'NikReserved',
              data: { memberId },
            },
          ],
          expected: 'no_stream' as const,
        },
      ];
    });
    written += await appendEachNew(store, writes);
  }
  await db.query(
    'INSERT INTO nik_reservations_keyed (fingerprint, members) VALUES ($1, $2) ON CONFLICT (fingerprint) DO NOTHING',
    [key.fingerprint, members],
  );
  if (written > 0)
    log?.log(`NIK reservations keyed with the configured key: ${written} of ${members} members`);
  return written;
}

/** One transaction for the batch; when a stream already exists, each write on its own. */
async function appendEachNew(store: EventStore, writes: StreamWrite[]): Promise<number> {
  try {
    const results = await store.appendMany(writes, REKEY_CONTEXT);
    return results.filter((r) => r.written).length;
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
  let written = 0;
  for (const w of writes) {
    try {
      if ((await store.append(w.streamId, w.events, w.expected, REKEY_CONTEXT)).written) written += 1;
    } catch (e) {
      if (!isConflict(e)) throw e; // reserved already: by this key's enrollments or another process
    }
  }
  return written;
}
