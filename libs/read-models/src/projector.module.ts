import {
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EventStore, SqlClient } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '@app/platform/tokens';
import { ALL_PROJECTIONS } from './all';
import { ProjectionRunner } from './projection-runner';

/** The projector role: runs every projection's checkpointed subscription. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runner: ProjectionRunner;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(READ_DB) db: SqlClient) {
    this.runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
    this.logger.log(
      `projector started: ${ALL_PROJECTIONS.map((p) => p.name).join(', ') || 'no projections'}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {}
