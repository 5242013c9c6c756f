import { RosterRowError } from '@app/domain/members';
import { DomainEvent, IsoDate } from '@app/domain/shared';

/**
 * A roster import's progress is the stream `import-<importId>` (not in-memory state), so any api
 * process can answer `GET /api/members/imports/{id}` and a restarted one can resume. Each chunk's
 * outcome is appended in the same transaction as the chunk's NIK reservations and member streams,
 * with the import stream's expected revision: a chunk is counted exactly when its members are
 * written, and two processes resuming one import cannot both process a chunk.
 */
export type RosterImportStarted = DomainEvent<
  'RosterImportStarted',
  {
    importId: string;
    /** SHA-256 of the CSV bytes: a retry under the same Idempotency-Key must send the same file. */
    fileSha256: string;
    fileBytes: number;
    /** "Today" for the whole import (birth dates after it are refused; enrolledOn). */
    startedOn: IsoDate;
    startedBy: string;
  }
>;

export interface RosterDuplicate {
  row: number;
  reason: 'REPEATS_EARLIER_ROW' | 'EXISTING_MEMBER';
  firstRow?: number;
  memberId?: string;
}

/** How many rows' errors (and duplicates) an import lists one by one; the rest are counted. */
export const ROSTER_LISTED_ROWS = 1_000;
/** Distinct (field, reason) pairs counted; any further ones are counted together. */
const MAX_ERROR_KINDS = 200;

/** How many errors share a field and a reason (the message with its numbers left out). */
export interface RosterErrorCount {
  field: string;
  reason: string;
  count: number;
}

const reasonOf = (message: string): string => message.replace(/\d+/g, '#');

/** The errors of one chunk, counted by field and reason. */
export function countErrors(errors: readonly RosterRowError[]): RosterErrorCount[] {
  const counts = new Map<string, RosterErrorCount>();
  for (const e of errors) {
    const reason = reasonOf(e.message);
    const key = `${e.field}\u0000${reason}`;
    const known = counts.get(key);
    if (known) known.count += 1;
    else counts.set(key, { field: e.field, reason, count: 1 });
  }
  return [...counts.values()];
}

/** Adds a chunk's counts to the import's, in place (one map per import: linear in the chunks). */
function addCounts(into: Map<string, RosterErrorCount>, counts: readonly RosterErrorCount[]): void {
  for (const c of counts) {
    let key = `${c.field}\u0000${c.reason}`;
    if (!into.has(key) && into.size >= MAX_ERROR_KINDS) key = '\u0000other';
    const known = into.get(key);
    if (known) known.count += c.count;
    else
      into.set(
        key,
        key === '\u0000other' ? { field: 'other', reason: 'other reasons', count: c.count } : { ...c },
      );
  }
}

export type RosterChunkImported = DomainEvent<
  'RosterChunkImported',
  {
    importId: string;
    chunk: number;
    /** Data rows fromRow..toRow (from 1), every one counted in exactly one of the three counts. */
    fromRow: number;
    toRow: number;
    enrolled: number;
    duplicates: number;
    rejected: number;
    /** The chunk's errors while the import lists fewer than ROSTER_LISTED_ROWS; none after. */
    errors: RosterRowError[];
    /** Every error of the chunk, counted (absent in events recorded before counting). */
    errorCounts?: RosterErrorCount[];
    /** As `errors`: only while fewer than ROSTER_LISTED_ROWS are listed. */
    duplicateRows: RosterDuplicate[];
  }
>;

export type RosterImportCompleted = DomainEvent<
  'RosterImportCompleted',
  { importId: string; total: number; enrolled: number; duplicates: number; rejected: number }
>;

export type RosterImportEvent = RosterImportStarted | RosterChunkImported | RosterImportCompleted;
export const ROSTER_IMPORT_EVENT_TYPES: readonly RosterImportEvent['type'][] = [
  'RosterImportStarted',
  'RosterChunkImported',
  'RosterImportCompleted',
];

export interface RosterImportState {
  exists: boolean;
  importId: string;
  fileSha256: string;
  startedOn: IsoDate;
  startedBy: string;
  /** Chunks recorded so far; the next chunk is number `chunks`. */
  chunks: number;
  /** Last data row recorded; a resumed import skips rows up to it. */
  processedRows: number;
  enrolled: number;
  duplicates: number;
  rejected: number;
  errors: RosterRowError[];
  /** Every error, counted by field and reason. */
  errorCounts: Map<string, RosterErrorCount>;
  duplicateRows: RosterDuplicate[];
  completed: boolean;
  startedAt?: string;
  completedAt?: string;
}

export const initialRosterImportState = (): RosterImportState => ({
  exists: false,
  importId: '',
  fileSha256: '',
  startedOn: '',
  startedBy: '',
  chunks: 0,
  processedRows: 0,
  enrolled: 0,
  duplicates: 0,
  rejected: 0,
  errors: [],
  errorCounts: new Map(),
  duplicateRows: [],
  completed: false,
});

export function evolveRosterImport(state: RosterImportState, event: RosterImportEvent): RosterImportState {
  switch (event.type) {
    case 'RosterImportStarted':
      return { ...initialRosterImportState(), ...event.data, exists: true };
    case 'RosterChunkImported': {
      const c = event.data;
      // The lists grow in place up to ROSTER_LISTED_ROWS: folding stays linear in the file.
      const errors = state.errors;
      for (const e of c.errors) if (errors.length < ROSTER_LISTED_ROWS) errors.push(e);
      const duplicateRows = state.duplicateRows;
      for (const d of c.duplicateRows) if (duplicateRows.length < ROSTER_LISTED_ROWS) duplicateRows.push(d);
      addCounts(state.errorCounts, c.errorCounts ?? countErrors(c.errors));
      return {
        ...state,
        chunks: state.chunks + 1,
        processedRows: c.toRow,
        enrolled: state.enrolled + c.enrolled,
        duplicates: state.duplicates + c.duplicates,
        rejected: state.rejected + c.rejected,
        errors,
        duplicateRows,
      };
    }
    case 'RosterImportCompleted':
      return { ...state, completed: true };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Folds recorded events, keeping when the import started and completed (event metadata). */
export function foldRosterImport(
  events: readonly { type: string; data: unknown; metadata?: { recordedAt?: string } }[],
): RosterImportState {
  let state = initialRosterImportState();
  for (const e of events) {
    if (!(ROSTER_IMPORT_EVENT_TYPES as readonly string[]).includes(e.type)) continue;
    state = evolveRosterImport(state, { type: e.type, data: e.data } as RosterImportEvent);
    if (e.type === 'RosterImportStarted') state.startedAt = e.metadata?.recordedAt;
    if (e.type === 'RosterImportCompleted') state.completedAt = e.metadata?.recordedAt;
  }
  return state;
}

export interface RosterImportView {
  importId: string;
  status: 'RUNNING' | 'COMPLETED';
  total: number;
  enrolled: number;
  duplicates: number;
  rejected: number;
  /** The first ROSTER_LISTED_ROWS errors, by row. */
  errors: RosterRowError[];
  /** More errors were found than `errors` lists. */
  errorsTruncated: boolean;
  /** Every error, counted by field and reason, most frequent first. */
  errorCounts: RosterErrorCount[];
  duplicateRows: RosterDuplicate[];
  duplicateRowsTruncated: boolean;
  startedAt?: string;
  completedAt?: string;
}

/** API.md `GET /api/members/imports/{importId}`: total = enrolled + duplicates + rejected. */
export function toRosterImportView(state: RosterImportState): RosterImportView {
  return {
    importId: state.importId,
    status: state.completed ? 'COMPLETED' : 'RUNNING',
    total: state.enrolled + state.duplicates + state.rejected,
    enrolled: state.enrolled,
    duplicates: state.duplicates,
    rejected: state.rejected,
    errors: state.errors,
    errorsTruncated: [...state.errorCounts.values()].reduce((n, c) => n + c.count, 0) > state.errors.length,
    errorCounts: [...state.errorCounts.values()].sort((a, b) => b.count - a.count),
    duplicateRows: state.duplicateRows,
    duplicateRowsTruncated: state.duplicates > state.duplicateRows.length,
    ...(state.startedAt ? { startedAt: state.startedAt } : {}),
    ...(state.completedAt ? { completedAt: state.completedAt } : {}),
  };
}
