import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AppendContext,
  EventStore,
  IdempotencyConflictError,
  SqlClient,
  StreamWrite,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  EnrollmentInput,
  memberDecider,
  membershipPolicyOn,
  RosterColumn,
  RosterRowError,
  rosterRowToEnrollment,
} from '@app/domain/members';
import { DomainError } from '@app/domain/shared';
import { EVENT_STORE, READ_DB } from '@app/platform';
import { memberIdsByNik, membersProjection, waitForProjection } from '@app/read-models';
import { toNewEvents } from '../../shared/command-support';
import { nameBasedUuid } from '../../shared/ids';
import { yieldToEventLoop } from '../../shared/yield';
import { unfinishedProcessIds } from '../../shared/open-processes';
import { enrollCommand, enrollPerson } from '../enrollment';
import { memberStreamId, NikReserved, nikReservationStreamId, rosterImportStreamId } from '../member-streams';
import { NikKey } from '../nik-key';
import { deleteRosterFile, loadRosterFile } from './roster-file';
import { rosterRecords } from './roster-records';
import {
  countErrors,
  evolveRosterImport,
  foldRosterImport,
  ROSTER_LISTED_ROWS,
  RosterChunkImported,
  RosterDuplicate,
  RosterImportCompleted,
  RosterImportState,
} from './roster-import.events';

/** Rows per transaction: big enough to amortise a round trip, small enough to keep locks short. */
export const ROSTER_CHUNK_ROWS = 500;
const TRANSIENT_RETRIES = 3;

interface RawRow {
  row: number;
  cells: string[];
  /** The line could not be read as CSV: the row is this error. */
  syntaxError?: string;
}

interface Progress {
  state: RosterImportState;
  revision: number;
}

/** Another process recorded this import's chunk first: it owns the import from here. */
class ImportTakenOver extends Error {}

const isConflict = (e: unknown): boolean =>
  e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError;

/** A row that failed for a reason no rule names (a bug, a store refusing the data). */
function unexpectedRowError(row: number, e: unknown): RosterRowError {
  return {
    row,
    field: 'row',
    message: `could not be enrolled: ${e instanceof Error ? e.message : String(e)}`,
  };
}

/** The member id an import gives a row: the same on every attempt, so a resumed chunk is a no-op. */
export const importedMemberId = (importId: string, row: number): string =>
  nameBasedUuid('roster-import', importId, 'member', String(row));

/**
 * Runs roster imports in the background (API.md `POST /api/members/imports`): streams the CSV
 * through csv-parse and, per chunk of rows, writes every new member's NIK reservation and stream
 * plus the chunk's outcome in one appendMany (one transaction on PostgreSQL and PGlite). A NIK
 * already reserved makes that chunk fall back to row by row, where each row is enrolled or
 * reported as a duplicate on its own. Resumes unfinished imports at start.
 */
@Injectable()
export class RosterImporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RosterImport');
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly nikKey: NikKey,
  ) {}

  onApplicationBootstrap(): void {
    void this.resumeUnfinished().catch((e) =>
      this.logger.warn(`resuming roster imports failed: ${(e as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Starts (or joins) the background run of an import. */
  start(importId: string): Promise<void> {
    const existing = this.running.get(importId);
    if (existing) return existing;
    const run = this.run(importId)
      .catch((e) => {
        if (e instanceof ImportTakenOver) return;
        this.logger.error(`roster import ${importId} stopped: ${(e as Error).message}`);
      })
      .finally(() => this.running.delete(importId));
    this.running.set(importId, run);
    return run;
  }

  /** Every import that was started and not completed, e.g. by a process that died. */
  async resumeUnfinished(): Promise<void> {
    const started = await unfinishedProcessIds(this.store, {
      opened: 'RosterImportStarted',
      closed: 'RosterImportCompleted',
      key: 'importId',
    });
    await Promise.all(started.map((id) => this.start(id)));
  }

  private async load(importId: string): Promise<Progress> {
    const events = await this.store.readStream(rosterImportStreamId(importId));
    return { state: foldRosterImport(events), revision: events.length - 1 };
  }

  private async run(importId: string): Promise<void> {
    let progress = await this.load(importId);
    if (!progress.state.exists) return;
    if (progress.state.completed) {
      await deleteRosterFile(this.db, importId);
      return;
    }
    const csv = await loadRosterFile(this.db, importId);
    if (!csv) {
      this.logger.error(`roster import ${importId}: its file is gone; it cannot be resumed`);
      return;
    }
    // Duplicates against existing members are pre-checked in the read model: let it catch up.
    await waitForProjection(this.store, this.db, membersProjection, 10_000).catch(() => false);

    const ctx: AppendContext = {
      actor: progress.state.startedBy,
      correlationId: `import:${importId}`,
      causationId: `import:${importId}`,
    };
    /** NIK → the first data row that carried it (rows that passed validation only). */
    const seen = new Map<string, number>();
    let header: string[] | undefined;
    let rowNo = 0;
    let pending: RawRow[] = [];
    for await (const record of rosterRecords(csv)) {
      if (!header) {
        // The header was checked when the import was accepted (rosterHeaderOf).
        header = 'cells' in record ? record.cells.map((h) => h.trim()) : [];
        continue;
      }
      rowNo += 1;
      const raw: RawRow =
        'cells' in record
          ? { row: rowNo, cells: record.cells }
          : { row: rowNo, cells: [], syntaxError: record.syntaxError };
      if (rowNo <= progress.state.processedRows) {
        this.remember(header, raw, progress.state, seen);
        continue;
      }
      pending.push(raw);
      if (pending.length >= ROSTER_CHUNK_ROWS) {
        progress = await this.importChunk(importId, header, pending, progress, seen, ctx);
        pending = [];
        if (this.stopping) return; // resumed at the next start
        await yieldToEventLoop();
      }
    }
    if (pending.length > 0) {
      progress = await this.importChunk(importId, header ?? [], pending, progress, seen, ctx);
    }
    const { state } = progress;
    const completed: RosterImportCompleted = {
      type: 'RosterImportCompleted',
      data: {
        importId,
        total: state.enrolled + state.duplicates + state.rejected,
        enrolled: state.enrolled,
        duplicates: state.duplicates,
        rejected: state.rejected,
      },
      id: nameBasedUuid('roster-import', importId, 'completed'),
    };
    try {
      await this.store.append(
        rosterImportStreamId(importId),
        toNewEvents([completed]),
        progress.revision,
        ctx,
      );
    } catch (e) {
      if (!isConflict(e)) throw e;
      return; // completed by another process
    }
    await deleteRosterFile(this.db, importId);
    this.logger.log(
      `roster import ${importId} completed: ${completed.data.total} rows, ${state.enrolled} enrolled, ${state.duplicates} duplicates, ${state.rejected} rejected`,
    );
  }

  /** Rows a previous run already recorded still count for "repeats an earlier row". */
  private remember(header: string[], raw: RawRow, state: RosterImportState, seen: Map<string, number>): void {
    const result = this.validate(header, raw, state);
    if ('input' in result && !seen.has(result.input.nik)) seen.set(result.input.nik, raw.row);
  }

  private validate(
    header: string[],
    raw: RawRow,
    state: RosterImportState,
  ): { input: EnrollmentInput } | { errors: RosterRowError[] } {
    if (raw.syntaxError !== undefined) {
      return { errors: [{ row: raw.row, field: 'row', message: raw.syntaxError }] };
    }
    try {
      return this.validateCells(header, raw, state);
    } catch (e) {
      // Whatever a row holds, it is a row error: one row can never stop the import.
      return { errors: [unexpectedRowError(raw.row, e)] };
    }
  }

  private validateCells(
    header: string[],
    raw: RawRow,
    state: RosterImportState,
  ): { input: EnrollmentInput } | { errors: RosterRowError[] } {
    if (raw.cells.length !== header.length) {
      return {
        errors: [
          {
            row: raw.row,
            field: 'row',
            message: `has ${raw.cells.length} fields, the header has ${header.length}`,
          },
        ],
      };
    }
    const record: Partial<Record<RosterColumn | string, string>> = {};
    header.forEach((column, i) => (record[column] = raw.cells[i]));
    const policy = membershipPolicyOn(record.coverageStart?.trim() ?? state.startedOn);
    const result = rosterRowToEnrollment(record as Record<string, string>, raw.row, {
      today: state.startedOn,
      minimumMonthlyIncome: policy.minimumMonthlyIncome,
      maximumMonthlyIncome: policy.maximumMonthlyIncome,
    });
    return result.ok ? { input: result.input } : { errors: result.errors };
  }

  private async importChunk(
    importId: string,
    header: string[],
    rows: RawRow[],
    progress: Progress,
    seen: Map<string, number>,
    ctx: AppendContext,
  ): Promise<Progress> {
    const { state } = progress;
    const errors: RosterRowError[] = [];
    const duplicateRows: RosterDuplicate[] = [];
    let enrolled = 0;
    let rejected = 0;
    const candidates: Array<{ row: number; input: EnrollmentInput; memberId: string }> = [];
    for (const raw of rows) {
      const result = this.validate(header, raw, state);
      if ('errors' in result) {
        rejected += 1;
        errors.push(...result.errors);
        continue;
      }
      const firstRow = seen.get(result.input.nik);
      if (firstRow !== undefined) {
        duplicateRows.push({ row: raw.row, reason: 'REPEATS_EARLIER_ROW', firstRow });
        continue;
      }
      seen.set(result.input.nik, raw.row);
      candidates.push({ row: raw.row, input: result.input, memberId: importedMemberId(importId, raw.row) });
    }

    // Known members are duplicates (never re-enrolled by an import); the read model may lag, in
    // which case the NIK reservation catches the rest below.
    const known = await memberIdsByNik(
      this.db,
      candidates.map((c) => c.input.nik),
    ).catch(() => new Map<string, string>());
    const fresh: typeof candidates = [];
    for (const c of candidates) {
      const memberId = known.get(c.input.nik);
      if (memberId === undefined) fresh.push(c);
      else if (memberId === c.memberId)
        enrolled += 1; // enrolled by an interrupted run of this chunk
      else duplicateRows.push({ row: c.row, reason: 'EXISTING_MEMBER', memberId });
    }

    const writes: StreamWrite[] = [];
    const enrollable: typeof fresh = [];
    for (const c of fresh) {
      try {
        const events = memberDecider.decide(
          enrollCommand({ input: { ...c.input, heirs: [] }, today: state.startedOn }, c.memberId),
          memberDecider.initialState(),
        );
        const reservation: NikReserved = { type: 'NikReserved', data: { memberId: c.memberId } };
        writes.push(
          {
            streamId: nikReservationStreamId(c.input.nik, this.nikKey),
            events: toNewEvents([{ ...reservation, id: this.eventId(importId, c.row, 'reservation') }]),
            expected: 'no_stream',
          },
          {
            streamId: memberStreamId(c.memberId),
            events: toNewEvents(
              events.map((e) => ({ ...e, id: this.eventId(importId, c.row, 'enrollment') })),
            ),
            expected: 'no_stream',
          },
        );
        enrollable.push(c);
      } catch (e) {
        rejected += 1;
        if (e instanceof DomainError) errors.push(...e.fieldErrors.map((f) => ({ row: c.row, ...f })));
        else errors.push(unexpectedRowError(c.row, e));
      }
    }

    const chunkEvent = (counts: {
      enrolled: number;
      duplicateRows: RosterDuplicate[];
      rejected: number;
      errors: RosterRowError[];
    }): RosterChunkImported => ({
      type: 'RosterChunkImported',
      data: {
        importId,
        chunk: state.chunks,
        fromRow: state.processedRows + 1,
        toRow: Math.max(state.processedRows, rows.length ? rows[rows.length - 1].row : 0),
        enrolled: counts.enrolled,
        duplicates: counts.duplicateRows.length,
        rejected: counts.rejected,
        // Only the first errors and duplicates of the import are kept row by row; all are counted.
        errors: counts.errors
          .sort((a, b) => a.row - b.row)
          .slice(0, Math.max(0, ROSTER_LISTED_ROWS - state.errors.length)),
        errorCounts: countErrors(counts.errors),
        duplicateRows: counts.duplicateRows
          .sort((a, b) => a.row - b.row)
          .slice(0, Math.max(0, ROSTER_LISTED_ROWS - state.duplicateRows.length)),
      },
      id: nameBasedUuid('roster-import', importId, 'chunk', String(state.chunks)),
    });
    const importStream = rosterImportStreamId(importId);

    try {
      const event = chunkEvent({ enrolled: enrolled + enrollable.length, duplicateRows, rejected, errors });
      await this.withRetries(() =>
        this.store.appendMany(
          [...writes, { streamId: importStream, events: toNewEvents([event]), expected: progress.revision }],
          ctx,
        ),
      );
      return { state: evolveRosterImport(progress.state, event), revision: progress.revision + 1 };
    } catch (e) {
      // A NIK taken meanwhile, or anything else a row may cause: the rows go one by one below.
      if (!isConflict(e))
        this.logger.warn(
          `roster import ${importId}: chunk ${state.chunks} failed as a whole (${(e as Error).message}); enrolling its rows one by one`,
        );
    }

    await this.assertStillOwned(importId, progress);
    // A NIK of this chunk is taken (or being taken): enroll row by row, each on its own.
    for (const c of enrollable) {
      try {
        const outcome = await this.withRetries(() =>
          enrollPerson(
            this.store,
            {
              input: { ...c.input, heirs: [] },
              today: state.startedOn,
              memberId: c.memberId,
              eventIds: {
                reservation: this.eventId(importId, c.row, 'reservation'),
                enrollment: this.eventId(importId, c.row, 'enrollment'),
              },
              reEnrollLapsed: false,
              nikKey: this.nikKey,
            },
            ctx,
          ),
        );
        if (outcome.outcome === 'ALREADY_ENROLLED') {
          duplicateRows.push({ row: c.row, reason: 'EXISTING_MEMBER', memberId: outcome.memberId });
        } else enrolled += 1;
      } catch (e) {
        if (!(e instanceof DomainError)) {
          rejected += 1;
          errors.push(unexpectedRowError(c.row, e));
        } else if (e.kind === 'validation') {
          rejected += 1;
          errors.push(...e.fieldErrors.map((f) => ({ row: c.row, ...f })));
        } else {
          // MEMBER_DECEASED, or a lost race: the NIK belongs to someone already.
          const memberId = typeof e.details.memberId === 'string' ? e.details.memberId : undefined;
          duplicateRows.push({ row: c.row, reason: 'EXISTING_MEMBER', ...(memberId ? { memberId } : {}) });
        }
      }
    }
    const event = chunkEvent({ enrolled, duplicateRows, rejected, errors });
    try {
      await this.withRetries(() =>
        this.store.append(importStream, toNewEvents([event]), progress.revision, ctx),
      );
    } catch (e) {
      if (!isConflict(e)) throw e;
      await this.assertStillOwned(importId, progress);
      throw e;
    }
    return { state: evolveRosterImport(progress.state, event), revision: progress.revision + 1 };
  }

  private async assertStillOwned(importId: string, progress: Progress): Promise<void> {
    const now = await this.load(importId);
    if (now.revision !== progress.revision) throw new ImportTakenOver();
  }

  private eventId(importId: string, row: number, what: 'reservation' | 'enrollment'): string {
    return nameBasedUuid('roster-import', importId, what, String(row));
  }

  /** A transient failure (a dropped connection) is retried with the same event ids: no double write. */
  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (isConflict(e) || e instanceof DomainError || attempt >= TRANSIENT_RETRIES) throw e;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }
}
