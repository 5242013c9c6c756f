import type { DestinationStream } from 'pino';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import {
  ADVISORY_LOCKS,
  EventStore,
  openEventStore,
  openSqlClient,
  profileSqlTo,
  SqlClient,
  UpcasterRegistry,
} from '@app/event-store';
import { AppConfig, loadConfig } from './config';
import { Clock, SystemClock } from './clock';
import { APP_CONFIG, EVENT_STORE, READ_DB } from './tokens';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { ProblemFilter } from './http/problem.filter';
import { MetricsService } from './metrics/metrics.service';
import { MetricsController } from './metrics/metrics.controller';
import { HealthController } from './health/health.controller';
import { RedisProbe } from './health/redis-probe';
import { ProjectionLagProbe } from './health/projection-lag.probe';
import { PAYOUT_PROCESS_FAILURES_SCHEMA, PayoutProcessProbe } from './health/payout-process-failures';
import { IdempotencyInterceptor, IDEMPOTENCY_SCHEMA } from './idempotency/idempotency';
import { createLoggerModule } from './logging/logging.module';

export interface PlatformOptions {
  config?: AppConfig;
  clock?: Clock;
  upcasters?: UpcasterRegistry;
  /** DDL for read-model tables, run once at start (idempotent statements). */
  readModelSchemas?: string[];
  /** Serve /health and /metrics (every role does). */
  operationsEndpoints?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Runs schema statements under an advisory lock so concurrent first starts do not race. */
export async function migrateReadModels(db: SqlClient, schemas: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCKS.readModelSchemas]);
    for (const ddl of schemas) {
      for (const stmt of ddl
        .split(/;\s*(?:\n|$)/)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(stmt);
    }
  });
}

class PlatformLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly readDb: SqlClient,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch((e) => this.logger.warn(`closing event store: ${(e as Error).message}`));
    await this.readDb.close().catch((e) => this.logger.warn(`closing read models: ${(e as Error).message}`));
  }
}

/** The infrastructure every role shares: config, stores, auth, errors, logs, health, metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    profileSqlTo(config.sqlProfileFile);
    const clock = options.clock ?? new SystemClock();
    return {
      module: PlatformModule,
      imports: [
        createLoggerModule(config.logLevel, options.logDestination),
        TerminusModule,
        CqrsModule.forRoot(),
      ],
      controllers: options.operationsEndpoints === false ? [] : [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: UpcasterRegistry, useValue: options.upcasters ?? new UpcasterRegistry() },
        {
          provide: EVENT_STORE,
          inject: [UpcasterRegistry],
          useFactory: (upcasters: UpcasterRegistry) =>
            openEventStore(config.eventStoreUrl, { upcasters, poolSize: config.pgPoolSize }),
        },
        {
          provide: READ_DB,
          // The event store opens first: with PGlite both share one handle per directory.
          inject: [EVENT_STORE],
          useFactory: async () => {
            const db = await openSqlClient(config.readModelUrl, { poolSize: config.pgPoolSize });
            await migrateReadModels(db, [
              IDEMPOTENCY_SCHEMA,
              PAYOUT_PROCESS_FAILURES_SCHEMA,
              ...(options.readModelSchemas ?? []),
            ]);
            return db;
          },
        },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        MetricsService,
        RedisProbe,
        ProjectionLagProbe,
        PayoutProcessProbe,
        IdempotencyInterceptor,
        PlatformLifecycle,
      ],
      exports: [
        APP_CONFIG,
        Clock,
        UpcasterRegistry,
        EVENT_STORE,
        READ_DB,
        MetricsService,
        RedisProbe,
        IdempotencyInterceptor,
        CqrsModule,
      ],
    };
  }
}
