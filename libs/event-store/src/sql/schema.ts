/**
 * One events table in global order plus a streams table holding each stream's revision and
 * last hash. `tx_id` records the writing transaction so readers can follow commit order
 * (guarantee 3); `event_id` is unique so a retried append is a durable no-op (guarantee 2).
 * `data` and `metadata` are `json` (text), not `jsonb`: see schema-migrations.ts for why, and
 * for the migration of stores created with `jsonb`.
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id   text PRIMARY KEY,
  revision    bigint NOT NULL,
  last_hash   text
);
CREATE TABLE IF NOT EXISTS es_events (
  global_position bigserial PRIMARY KEY,
  tx_id           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  stream_revision bigint NOT NULL,
  type            text NOT NULL,
  data            json NOT NULL,
  metadata        json NOT NULL,
  hash            text NOT NULL,
  prev_hash       text,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX IF NOT EXISTS es_events_commit_order ON es_events (tx_id, global_position);
CREATE INDEX IF NOT EXISTS es_events_type ON es_events (type, tx_id, global_position);
`;

/**
 * The whole append in one round trip: check the expected revision under the stream row's lock,
 * insert the pre-hashed events, move the head, wake subscribers. Errors: ES001 wrong expected
 * version (DETAIL = actual revision or no_stream), ES003 the caller's previous hash is stale, ES004 no events.
 */
export const APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append(p_stream text, p_expected text, p_prev_hash text, p_events jsonb)
RETURNS TABLE(next_revision bigint, last_position bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  v_rev bigint;
  v_hash text;
  v_count int := jsonb_array_length(p_events);
  v_last bigint;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'no events to append to %', p_stream USING ERRCODE = 'ES004';
  END IF;
  IF p_expected = 'no_stream' THEN
    INSERT INTO es_streams (stream_id, revision, last_hash) VALUES (p_stream, -1, NULL) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      -- A row at -1 holds no event (left by an empty append before they were refused): no stream yet.
      SELECT revision INTO v_rev FROM es_streams WHERE stream_id = p_stream FOR UPDATE;
      IF v_rev IS DISTINCT FROM -1 THEN
        RAISE EXCEPTION 'wrong expected version on %', p_stream USING ERRCODE = 'ES001', DETAIL = coalesce(v_rev, -1)::text;
      END IF;
    END IF;
    v_rev := -1;
    v_hash := NULL;
  ELSE
    SELECT revision, last_hash INTO v_rev, v_hash FROM es_streams WHERE stream_id = p_stream FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'wrong expected version on %', p_stream USING ERRCODE = 'ES001', DETAIL = 'no_stream';
    END IF;
    IF v_rev <> p_expected::bigint THEN
      RAISE EXCEPTION 'wrong expected version on %', p_stream USING ERRCODE = 'ES001', DETAIL = v_rev::text;
    END IF;
    IF v_hash IS DISTINCT FROM p_prev_hash THEN
      RAISE EXCEPTION 'stale stream head for %', p_stream USING ERRCODE = 'ES003';
    END IF;
  END IF;
  WITH ins AS (
    INSERT INTO es_events (event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash)
    SELECT (x.e->>'id')::uuid, p_stream, v_rev + x.o, x.e->>'type', x.e->'data', x.e->'metadata', x.e->>'hash', x.e->>'prevHash'
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, o)
    RETURNING global_position
  )
  SELECT max(global_position) INTO v_last FROM ins;
  UPDATE es_streams SET revision = v_rev + v_count, last_hash = (p_events -> (v_count - 1)) ->> 'hash' WHERE stream_id = p_stream;
  PERFORM pg_notify('es_appended', '');
  RETURN QUERY SELECT v_rev + v_count, v_last;
END
$fn$`;

/**
 * Several streams in one round trip (appendMany): each write goes through es_append in order, so
 * the checks and errors are es_append's; the caller's transaction makes it all or nothing.
 */
export const APPEND_MANY_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append_many(p_writes jsonb)
RETURNS TABLE(next_revision bigint, last_position bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  w jsonb;
  r record;
BEGIN
  FOR w IN SELECT x FROM jsonb_array_elements(p_writes) AS t(x) LOOP
    SELECT * INTO r FROM es_append(w->>'streamId', w->>'expected', w->>'prevHash', w->'events');
    next_revision := r.next_revision;
    last_position := r.last_position;
    RETURN NEXT;
  END LOOP;
END
$fn$`;

/**
 * appendStreams: a batch of streams, one event list each, in one set-based statement (the
 * arrays are columns, s_* one entry per stream; the events are one json document, an array of
 * {i: id, s: stream, r: revision, t: type, d: data, m: metadata, h: hash, p: previous hash} in
 * order; json_to_recordset reads a JSON null as SQL NULL, hence the coalesce). The events travel as one `json` text, parsed once by json_to_recordset, and their data
 * and metadata are stored as the very text sent: no jsonb round trip per event, and no array
 * literal of escaped JSON strings to build and parse (bench/README.md, session 5). One UPDATE moves
 * every head whose revision and last hash are the ones the caller planned from (locking it; a
 * head moved by a concurrent transaction is re-checked and skipped), one INSERT … ON CONFLICT DO
 * NOTHING creates the new streams; if any stream was not moved or created, ES005 rolls it all
 * back with DETAIL = [[stream, actual revision | 'no_stream' | 'stale'], …] for those streams.
 * Otherwise one INSERT … SELECT FROM unnest writes every event, and each stream is answered with
 * its next revision and last position, in order. docs/event-store.md "Batches of streams".
 */
/** The first form of es_append_streams (events as parallel arrays, data as jsonb[]): replaced. */
export const DROP_OLD_APPEND_STREAMS = `DROP FUNCTION IF EXISTS es_append_streams(text[], bigint[], text[],
  text[], int[], uuid[], text[], bigint[], text[], jsonb[], jsonb[], text[], text[])`;

export const APPEND_STREAMS_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append_streams(
  s_ids text[], s_expected bigint[], s_prev text[], s_last text[], s_counts int[], p_events json)
RETURNS TABLE(o_stream text, o_next bigint, o_last bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  v_done text[];
  v_refused text;
BEGIN
  WITH w AS (
    SELECT * FROM unnest(s_ids, s_expected, s_prev, s_last, s_counts) AS w(id, expected, prev, last, n)
  ), moved AS (
    UPDATE es_streams s SET revision = w.expected + w.n, last_hash = w.last FROM w
    WHERE s.stream_id = w.id AND s.revision = w.expected AND s.last_hash IS NOT DISTINCT FROM w.prev
    RETURNING s.stream_id
  ), created AS (
    INSERT INTO es_streams (stream_id, revision, last_hash)
    SELECT w.id, w.n - 1, w.last FROM w WHERE w.expected = -1
    ON CONFLICT DO NOTHING
    RETURNING stream_id
  )
  SELECT array_agg(x.stream_id) INTO v_done
  FROM (SELECT stream_id FROM moved UNION ALL SELECT stream_id FROM created) x;
  IF coalesce(cardinality(v_done), 0) < cardinality(s_ids) THEN
    SELECT json_agg(json_build_array(w.id,
             CASE WHEN s.stream_id IS NULL THEN 'no_stream'
                  WHEN s.revision = w.expected THEN 'stale'
                  ELSE s.revision::text END))::text
      INTO v_refused
      FROM unnest(s_ids, s_expected) AS w(id, expected)
      LEFT JOIN es_streams s ON s.stream_id = w.id
      WHERE w.id <> ALL(coalesce(v_done, '{}'));
    RAISE EXCEPTION 'wrong expected version in a batch of streams' USING ERRCODE = 'ES005', DETAIL = v_refused;
  END IF;
  RETURN QUERY
    WITH ins AS (
      INSERT INTO es_events (event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash)
      SELECT e.i, e.s, e.r, e.t, coalesce(e.d, 'null'::json), coalesce(e.m, 'null'::json), e.h, e.p
      FROM ROWS FROM (json_to_recordset(p_events)
        AS (i uuid, s text, r bigint, t text, d json, m json, h text, p text)) WITH ORDINALITY AS e(i, s, r, t, d, m, h, p, o)
      ORDER BY e.o
      RETURNING es_events.stream_id AS sid, es_events.global_position AS pos
    )
    SELECT w.id, w.expected + w.n, p.last
    FROM unnest(s_ids, s_expected, s_counts) WITH ORDINALITY AS w(id, expected, n, o)
    JOIN (SELECT ins.sid, max(ins.pos) AS last FROM ins GROUP BY ins.sid) p ON p.sid = w.id
    ORDER BY w.o;
  PERFORM pg_notify('es_appended', '');
END
$fn$`;
