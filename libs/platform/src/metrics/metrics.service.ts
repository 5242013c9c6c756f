import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process; features add their own instruments here. */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly projectionLagEvents = new Gauge({
    name: 'projection_lag_events',
    help: 'Positions between the event store head and the projection checkpoint',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly projectionLagSeconds = new Gauge({
    name: 'projection_lag_seconds',
    help: 'Age of the oldest event a projection has not yet applied',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'events_appended_total',
    help: 'Events appended by command handlers',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly payouts = new Counter({
    name: 'payouts_total',
    help: 'Payout attempts by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly scrapeHooks: Array<() => Promise<unknown>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Runs before every scrape, for gauges read from elsewhere (projection lag from the read models). */
  beforeScrape(hook: () => Promise<unknown>): void {
    this.scrapeHooks.push(hook);
  }

  /** The Prometheus text, after every hook has refreshed its gauges (a failing hook keeps the last values). */
  async scrape(): Promise<string> {
    await Promise.all(
      this.scrapeHooks.map((hook) =>
        hook().catch((e: unknown) =>
          this.logger.warn(
            `a metrics hook failed, its gauges keep their last values: ${(e as Error).message}`,
          ),
        ),
      ),
    );
    return this.registry.metrics();
  }
}
