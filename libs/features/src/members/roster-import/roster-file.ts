import { Request } from 'express';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
import { parse as parseSync } from 'csv-parse/sync';
import { ROSTER_COLUMNS, RosterColumn } from '@app/domain/members';
import { FieldError } from '@app/domain/shared';
import { SqlQueryable } from '@app/event-store';
import { problem, ProblemException } from '@app/platform';

/** docs/api.md: the roster import takes a CSV body of up to 50 MiB. */
export const ROSTER_MAX_BYTES = 50 * 1024 * 1024;
export const ROSTER_CONTENT_TYPES = ['text/csv', 'application/csv'];
/** Columns an import cannot do without; an empty or absent income means the programme default. */
export const REQUIRED_ROSTER_COLUMNS: readonly RosterColumn[] = ROSTER_COLUMNS.filter(
  (c) => c !== 'declaredMonthlyIncome',
);

const tooLarge = () =>
  new ProblemException(
    problem(413, `The roster is larger than ${ROSTER_MAX_BYTES / 1024 / 1024} MiB`, {
      code: 'PAYLOAD_TOO_LARGE',
    }),
  );

/**
 * Reads the raw request body (the JSON parser leaves text/csv alone) up to `limit` bytes; more is
 * a 413 without buffering the rest: the connection is closed once the answer is sent.
 */
export async function readBody(req: Request, limit = ROSTER_MAX_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const refuse = () => {
    req.res?.setHeader('Connection', 'close');
    req.resume(); // discard what is still arriving so the client can read the 413
    return tooLarge();
  };
  if (Number.isFinite(declared) && declared > limit) throw refuse();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw refuse();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The header row, checked before the import is accepted (a file without the columns is a 400). */
export function rosterHeaderOf(csv: Buffer): string[] {
  const newline = csv.indexOf(0x0a);
  const firstLine = (newline < 0 ? csv : csv.subarray(0, newline)).toString('utf8');
  let header: string[] = [];
  try {
    header = ((parseSync(firstLine, { bom: true, relax_quotes: true }) as string[][])[0] ?? []).map((h) =>
      h.trim(),
    );
  } catch {
    header = [];
  }
  const errors: FieldError[] = [];
  if (header.length === 0 || header.every((h) => h === '')) {
    errors.push({
      field: 'body',
      message: `must be a CSV whose first line is the header ${ROSTER_COLUMNS.join(',')}`,
    });
  } else {
    for (const column of REQUIRED_ROSTER_COLUMNS) {
      if (!header.includes(column))
        errors.push({ field: column, message: 'column is missing from the CSV header' });
    }
  }
  if (errors.length) throw ProblemException.validation(errors, 'The roster CSV has no usable header');
  return header;
}

/**
 * The uploaded file is kept in the read database until its import completes, so an import
 * interrupted by a restart resumes from its last recorded chunk (the file is input, not state:
 * progress lives in the import's event stream).
 */
export const ROSTER_FILES_SCHEMA = `
CREATE TABLE IF NOT EXISTS roster_import_files (
  import_id  text PRIMARY KEY,
  csv_gzip   bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

export async function saveRosterFile(db: SqlQueryable, importId: string, csv: Buffer): Promise<void> {
  // Compressed: a roster is highly repetitive text, and PGlite writes every byte through WASM.
  await db.query(
    'INSERT INTO roster_import_files (import_id, csv_gzip) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [importId, await gzipAsync(csv, { level: 1 })],
  );
}

export async function loadRosterFile(db: SqlQueryable, importId: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ csv_gzip: Uint8Array }>(
    'SELECT csv_gzip FROM roster_import_files WHERE import_id = $1',
    [importId],
  );
  return rows[0] ? gunzipAsync(rows[0].csv_gzip) : undefined;
}

export async function deleteRosterFile(db: SqlQueryable, importId: string): Promise<void> {
  await db.query('DELETE FROM roster_import_files WHERE import_id = $1', [importId]);
}
