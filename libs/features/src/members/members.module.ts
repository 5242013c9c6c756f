import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { EventStore, SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, migrateReadModels, READ_DB } from '@app/platform';
import { ensureProjectionSchema, liveTables, membersProjection } from '@app/read-models';
import { MEMBER_COMMAND_HANDLERS } from './commands';
import { MembersController } from './members.controller';
import { MEMBER_QUERY_HANDLERS } from './queries';
import { keyNikReservations, NikKey, resolveNikKey } from './nik-key';
import { ROSTER_FILES_SCHEMA } from './roster-import/roster-file';
import { RosterImporter } from './roster-import/roster-importer';

/** Enrollment, heirs, the roster import and the member views (DOMAIN.md 1, API.md "Members"). */
@Module({
  controllers: [MembersController],
  providers: [
    ...MEMBER_COMMAND_HANDLERS,
    ...MEMBER_QUERY_HANDLERS,
    RosterImporter,
    {
      // Resolved before any enrollment can run: every existing member's NIK is reserved under the key.
      provide: NikKey,
      inject: [APP_CONFIG, READ_DB, EVENT_STORE],
      useFactory: async (config: AppConfig, db: SqlClient, store: EventStore) => {
        const key = await resolveNikKey(config, db);
        await keyNikReservations(store, db, key, new Logger('NikKey'));
        return key;
      },
    },
  ],
  exports: [RosterImporter, NikKey],
})
export class MembersModule implements OnModuleInit {
  constructor(@Inject(READ_DB) private readonly db: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrateReadModels(this.db, [ROSTER_FILES_SCHEMA]);
    // The api role may start before any projector has: its list queries need the table.
    await ensureProjectionSchema(this.db, membersProjection, liveTables(membersProjection));
  }
}
