import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { DisbursementGateway } from '../gateway/disbursement-gateway';
import { HttpDisbursementGateway } from '../gateway/http-disbursement-gateway';
import { PayoutQueueModule } from '../payout-queue';
import { PayoutSettings } from '../payout-settings';
import { SandboxBankService } from '../sandbox/sandbox-bank.service';
import { PayoutPayer } from './payout-payer';
import { PayoutProcessor } from './payout.processor';
import { PayoutReturnChecker } from '../returns/payout-returns';

/** The payout-worker role: BullMQ consumer → disbursement gateway → result events. */
@Module({
  imports: [PayoutQueueModule],
  providers: [
    SandboxBankService,
    {
      provide: DisbursementGateway,
      inject: [APP_CONFIG, SandboxBankService, PayoutSettings],
      useFactory: (config: AppConfig, sandbox: SandboxBankService, settings: PayoutSettings) =>
        new HttpDisbursementGateway(
          config.payoutGatewayUrl ?? (() => sandbox.bank.url),
          () => settings.gatewayTimeoutMs,
          () => config.payoutGatewayToken ?? (config.payoutGatewayUrl ? undefined : sandbox.bank.token),
        ),
    },
    PayoutPayer,
    PayoutProcessor,
    PayoutReturnChecker,
  ],
  exports: [SandboxBankService, DisbursementGateway, PayoutPayer, PayoutReturnChecker],
})
export class PayoutWorkerModule {}
