/**
 * One events table in global order plus a streams table holding each stream's revision and
 * last hash. `tx_id` records the writing transaction so readers can follow commit order
 * (guarantee 3); `event_id` is unique so a retried append is a durable no-op (guarantee 2).
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
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  hash            text NOT NULL,
  prev_hash       text,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX IF NOT EXISTS es_events_commit_order ON es_events (tx_id, global_position);
CREATE INDEX IF NOT EXISTS es_events_type ON es_events (type, tx_id, global_position);
`;
