import { randomUUID } from 'node:crypto';
import { EventStore, StreamWrite } from '@app/event-store';
import { ClaimCommand, ClaimEvent, ClaimState, PlannedPayout } from '@app/domain/claims';
import { PayTo } from '@app/domain/payouts';
import { member } from '@app/domain/claims/claim.fixtures';
import { addDays, dateInJakarta } from '@app/domain/shared';
import { storedClaimDecider } from '@app/features/claims';

export interface ApprovedClaimsOptions {
  /** Adjudicator who submits, and the other one who approves (four eyes). */
  submittedBy: string;
  approvedBy: string;
  /** The actor recorded on the appends. */
  actor: string;
  /** Rewrites the approval's planned payouts as appended (a test's broken or extra payout). */
  replan?: (payouts: PlannedPayout[], claimId: string) => PlannedPayout[];
  /** The i-th claim's account (its provider `RS Mitra <i % 50>` holds it); none: a cash order. */
  payTo?: (i: number) => PayTo | undefined;
}

/**
 * `count` JKK_MEDICAL claims, submitted a minute ago and approved now through the claim decider,
 * appended a hundred streams per `appendMany`: one payout each, for payout benchmarks and tests.
 * Submitted and approved today, so the payouts are on time (no late-penalty lines). The member
 * (claim fixtures' Ahmad Fauzi, every month paid) is assessment context only, not a stream.
 */
export async function appendApprovedMedicalClaims(
  store: EventStore,
  count: number,
  options: ApprovedClaimsOptions,
): Promise<string[]> {
  const context = { member: member(), otherClaims: [] };
  const now = Date.now();
  const today = dateInJakarta(new Date(now));
  const claimIds: string[] = [];
  for (let from = 0; from < count; from += 100) {
    const writes: StreamWrite[] = [];
    for (let i = from; i < Math.min(count, from + 100); i++) {
      const claimId = randomUUID();
      claimIds.push(claimId);
      let state: ClaimState = storedClaimDecider.initialState();
      const events: ClaimEvent[] = [];
      const run = (c: ClaimCommand) => {
        for (const e of storedClaimDecider.decide(c, state)) {
          events.push(e);
          state = storedClaimDecider.evolve(state, e);
        }
      };
      run({
        type: 'SubmitClaim',
        data: {
          claimId,
          request: {
            memberId: context.member.memberId,
            benefit: 'JKK_MEDICAL',
            incidentDate: addDays(today, -10),
            reportedOn: today,
            workRelation: 'CONFIRMED',
            provider: `RS Mitra ${i % 50}`,
            invoiceAmount: 1_000_000 + i * 1_000,
            ...(options.payTo?.(i) ? { payTo: options.payTo(i) } : {}),
          },
          submittedBy: options.submittedBy,
          roles: ['adjudicator'],
          at: new Date(now - 60_000).toISOString(),
          today,
          context,
        },
      });
      run({
        type: 'ApproveClaim',
        data: { by: options.approvedBy, roles: ['adjudicator'], at: new Date(now).toISOString() },
      });
      writes.push({
        streamId: `claim-${claimId}`,
        events: events.map((e) => ({
          id: e.id,
          type: e.type,
          data:
            e.type === 'ClaimApproved' && options.replan
              ? { ...e.data, payouts: options.replan(e.data.payouts, claimId) }
              : e.data,
        })),
        expected: 'no_stream',
      });
    }
    await store.appendMany(writes, { actor: options.actor, correlationId: options.actor });
  }
  return claimIds;
}
