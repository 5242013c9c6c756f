import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore, SqlClient, WrongExpectedVersionError } from '@app/event-store';
import { Clock, EVENT_STORE, problem, ProblemException, READ_DB } from '@app/platform';
import { toNewEvents } from '../../shared/command-support';
import { nameBasedUuid, sha256Hex } from '../../shared/ids';
import { rosterImportStreamId } from '../member-streams';
import { rosterHeaderOf, saveRosterFile } from '../roster-import/roster-file';
import { foldRosterImport, RosterImportStarted } from '../roster-import/roster-import.events';
import { RosterImporter } from '../roster-import/roster-importer';

/** docs/api.md `POST /api/members/imports`: accept the file, answer 202, import in the background. */
export class StartRosterImportCommand extends Command<{ importId: string }> {
  constructor(
    readonly csv: Buffer,
    readonly ctx: AppendContext,
    /** Idempotency-Key: the same key and file give the same import, started once. */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

@CommandHandler(StartRosterImportCommand)
export class StartRosterImportHandler implements ICommandHandler<StartRosterImportCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly clock: Clock,
    private readonly importer: RosterImporter,
  ) {}

  async execute({ csv, ctx, idempotencyKey }: StartRosterImportCommand): Promise<{ importId: string }> {
    rosterHeaderOf(csv); // a file without the roster's columns is a 400 now, not a failed import later
    const fileSha256 = sha256Hex(csv);
    const importId = idempotencyKey
      ? nameBasedUuid('roster-import', ctx.actor, idempotencyKey)
      : randomUUID();
    const stream = rosterImportStreamId(importId);

    if (idempotencyKey) {
      const replay = await this.replayOf(stream, fileSha256);
      if (replay) return replay;
    }
    await saveRosterFile(this.db, importId, csv);
    const started: RosterImportStarted = {
      type: 'RosterImportStarted',
      data: {
        importId,
        fileSha256,
        fileBytes: csv.length,
        startedOn: this.clock.today(),
        startedBy: ctx.actor,
      },
    };
    try {
      await this.store.append(stream, toNewEvents([started]), 'no_stream', ctx);
    } catch (e) {
      // Two requests with one Idempotency-Key at once: the second is the first's replay.
      const replay =
        e instanceof WrongExpectedVersionError ? await this.replayOf(stream, fileSha256) : undefined;
      if (replay) return replay;
      throw e;
    }
    void this.importer.start(importId);
    return { importId };
  }

  private async replayOf(stream: string, fileSha256: string): Promise<{ importId: string } | undefined> {
    const state = foldRosterImport(await this.store.readStream(stream));
    if (!state.exists) return undefined;
    if (state.fileSha256 !== fileSha256) {
      throw new ProblemException(
        problem(422, 'This Idempotency-Key was used with a different file', {
          code: 'IDEMPOTENCY_KEY_REUSED',
        }),
      );
    }
    if (!state.completed) void this.importer.start(state.importId);
    return { importId: state.importId };
  }
}
