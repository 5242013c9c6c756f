import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, Clock, ConfigError, READ_DB } from '@app/platform';
import { PayoutSettings } from '../payout-settings';
import { SandboxBank } from './sandbox-bank';

/**
 * Starts the built-in sandbox bank when PAYOUT_GATEWAY_URL is unset: a real HTTP server on its
 * own loopback port (SANDBOX_BANK_PORT, default ephemeral) with its ledger in a table of the
 * read-model database, so worker processes sharing PostgreSQL share one bank's books. Its token is
 * PAYOUT_GATEWAY_TOKEN or generated. Production (NODE_ENV=production) refuses to start it unless
 * PAYOUT_SANDBOX=true: no money moves through it.
 */
@Injectable()
export class SandboxBankService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SandboxBank');
  private bankInstance?: SandboxBank;

  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: PayoutSettings,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return !this.config.payoutGatewayUrl;
  }

  /** The running sandbox (tests tell it to fail, time out or slow down). */
  get bank(): SandboxBank {
    if (!this.bankInstance) throw new Error('The sandbox bank is not running (PAYOUT_GATEWAY_URL is set)');
    return this.bankInstance;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    if (this.config.nodeEnv === 'production' && !this.config.payoutSandbox)
      throw new ConfigError(
        'NODE_ENV=production without PAYOUT_GATEWAY_URL would pay through the built-in sandbox bank, ' +
          'where no money moves: set PAYOUT_GATEWAY_URL, or PAYOUT_SANDBOX=true to use the sandbox on purpose',
      );
    const { port, ...behaviour } = this.settings.sandbox;
    this.bankInstance = await SandboxBank.start({
      db: this.db,
      port,
      behaviour,
      now: () => this.clock.now(),
      token: this.config.payoutGatewayToken,
    });
    this.logger.log(`sandbox bank listening on ${this.bankInstance.url} (ledger: sandbox_bank_transfers)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bankInstance?.close();
  }
}
