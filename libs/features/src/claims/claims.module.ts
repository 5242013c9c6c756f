import { Module } from '@nestjs/common';
import { ClaimPayoutRecorder } from './claim-payout-recorder';
import { ClaimRepository } from './claim-repository';
import { ClaimsController } from './claims.controller';
import { ClaimCorrectionsController } from './claim-corrections.controller';
import { CLAIM_COMMAND_HANDLERS } from './commands';
import { CLAIM_QUERY_HANDLERS, ClaimsReadModelSchema } from './queries';

/**
 * Just the hook the payout process reports payout results through, without the HTTP layer, so
 * the payout-worker role can import it without serving the claims endpoints.
 */
@Module({ providers: [ClaimPayoutRecorder], exports: [ClaimPayoutRecorder] })
export class ClaimPayoutRecorderModule {}

/**
 * Claims adjudication: submit, assess, documents, work relation, four-eyes approval,
 * rejection; the claim view and the worklist.
 */
@Module({
  imports: [ClaimPayoutRecorderModule],
  controllers: [ClaimsController, ClaimCorrectionsController],
  providers: [ClaimRepository, ClaimsReadModelSchema, ...CLAIM_COMMAND_HANDLERS, ...CLAIM_QUERY_HANDLERS],
  exports: [ClaimPayoutRecorderModule],
})
export class ClaimsModule {}
