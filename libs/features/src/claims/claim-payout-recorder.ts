import { Inject, Injectable } from '@nestjs/common';
import { AppendContext, EventStore } from '@app/event-store';
import { asClaim, ClaimStatus, Payee, RecordPayoutUpdate, recoveredFrom } from '@app/domain/claims';
import { EVENT_STORE } from '@app/platform';
import { decideAndAppend, groupCommitted, PROCESS_MANAGER_RETRY, versionOf } from '../shared';
import { claimStreamId, lodgedClaimIds, memberClaimsStreamId, storedClaimDecider } from './claim-streams';

export type ClaimPayoutUpdate = RecordPayoutUpdate['data'];

export interface ClaimPayoutRecorded {
  /** False when the claim already showed this payout in this status (a redelivery). */
  recorded: boolean;
  claimStatus: ClaimStatus;
  version: number;
}

/**
 * For the payout process: records a payout's new status on its claim (`ClaimPayoutUpdated`, and
 * `ClaimPaid` once every payout is paid). Event ids are deterministic, so a redelivered result
 * changes nothing; a concurrent write to the claim is retried a bounded number of times.
 */
@Injectable()
export class ClaimPayoutRecorder {
  /** The payout process records many claims' payouts side by side: their appends are written together. */
  private readonly store: EventStore;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.store = groupCommitted(store);
  }

  async record(claimId: string, update: ClaimPayoutUpdate, ctx: AppendContext): Promise<ClaimPayoutRecorded> {
    const { state, events, revision } = await decideAndAppend(
      this.store,
      claimStreamId(claimId),
      storedClaimDecider,
      { type: 'RecordPayoutUpdate', data: update },
      ctx,
      // Concurrent payout results for one claim (one payout per payee) contend for its stream.
      { retry: PROCESS_MANAGER_RETRY },
    );
    return { recorded: events.length > 0, claimStatus: asClaim(state).status, version: versionOf(revision) };
  }

  /**
   * Deducts the payee's outstanding overpayments on the member's claims (oldest claim id first)
   * from a payout about to be scheduled; returns what was deducted in all. Each deduction is an
   * event on the overpaid claim whose id names the payout, so calling this again for the same
   * payout (after a crash before the payout was scheduled) finds the same deductions and adds none.
   */
  async recoverOverpayments(
    memberId: string,
    payout: { payoutId: string; claimId: string; payee: Payee; amount: number; at: string },
    ctx: AppendContext,
  ): Promise<number> {
    const index = await this.store.readStream(memberClaimsStreamId(memberId));
    let recovered = 0;
    for (const claimId of [...new Set(lodgedClaimIds(index))].sort()) {
      const { state } = await decideAndAppend(
        this.store,
        claimStreamId(claimId),
        storedClaimDecider,
        {
          type: 'RecoverOverpayment',
          data: {
            payoutId: payout.payoutId,
            payoutClaimId: payout.claimId,
            payee: payout.payee,
            available: payout.amount - recovered,
            at: payout.at,
          },
        },
        ctx,
        { retry: PROCESS_MANAGER_RETRY },
      );
      recovered += recoveredFrom(state, payout.payoutId);
    }
    return recovered;
  }
}
