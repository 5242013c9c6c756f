import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import {
  Clock,
  createHttpApp,
  loadConfig,
  Role,
  signToken,
  SystemClock,
  EVENT_STORE,
  READ_DB,
} from '@app/platform';
import { EventStore, SqlClient } from '@app/event-store';
import { ProjectorService } from '@app/read-models';
import { freshSchema } from '@app/testing';
import { EmbeddedModule } from '../../apps/embedded/src/embedded.module';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  store: EventStore;
  readDb: SqlClient;
  secret: string;
  token(roles: Role[] | Role, sub?: string): string;
  /** Waits until every projection has applied every committed event. */
  settle(): Promise<void>;
  close(): Promise<void>;
  url: string;
  /** EVENT_STORE_URL / READ_MODEL_URL of the app's schema, for the CLI beside it. */
  storeUrl: string;
}

/**
 * The whole service (api + projector + payout-worker) over real HTTP, on PostgreSQL in a fresh
 * schema and the real Redis under a unique queue prefix.
 */
export async function startTestApp(
  options: { clock?: Clock; env?: Record<string, string>; logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const { url, drop } = await freshSchema('e2e');
  const secret = randomBytes(16).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    EVENT_STORE_URL: url,
    READ_MODEL_URL: url,
    AUTH_JWT_SECRET: secret,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    PORT: '0',
    ...options.env,
  });
  const app = await createHttpApp(
    EmbeddedModule.forRoot({
      config,
      clock: options.clock ?? new SystemClock(),
      logDestination: options.logDestination,
    }),
    { docs: true },
  );
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const address = server.address() as { port: number };
  const store = app.get<EventStore>(EVENT_STORE);
  const readDb = app.get<SqlClient>(READ_DB);
  const projector = app.get(ProjectorService);
  return {
    app,
    http: request(server),
    store,
    readDb,
    secret,
    url: `http://127.0.0.1:${address.port}`,
    storeUrl: url,
    token: (roles, sub) =>
      signToken(
        secret,
        sub ?? `user-${Array.isArray(roles) ? roles.join('+') : roles}`,
        Array.isArray(roles) ? roles : [roles],
      ),
    settle: () => projector.runner.caughtUp(),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
