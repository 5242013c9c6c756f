import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { SqlClient } from '@app/event-store';
import { migrateReadModels, READ_DB } from '@app/platform';
import { ensureProjectionSchema, liveTables, membersProjection } from '@app/read-models';
import { MEMBER_COMMAND_HANDLERS } from './commands';
import { MembersController } from './members.controller';
import { MEMBER_QUERY_HANDLERS } from './queries';
import { ROSTER_FILES_SCHEMA } from './roster-import/roster-file';
import { RosterImporter } from './roster-import/roster-importer';

/** Enrollment, heirs, the roster import and the member views (DOMAIN.md 1, API.md "Members"). */
@Module({
  controllers: [MembersController],
  providers: [...MEMBER_COMMAND_HANDLERS, ...MEMBER_QUERY_HANDLERS, RosterImporter],
  exports: [RosterImporter],
})
export class MembersModule implements OnModuleInit {
  constructor(@Inject(READ_DB) private readonly db: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrateReadModels(this.db, [ROSTER_FILES_SCHEMA]);
    // The api role may start before any projector has: its list queries need the table.
    await ensureProjectionSchema(this.db, membersProjection, liveTables(membersProjection));
  }
}
