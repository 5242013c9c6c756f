import { EventStore, RecordedEvent } from '@app/event-store';
import { AuditEvent, ClaimExplanation, explainClaim } from '@app/domain/audit';
import { STREAM_PREFIX } from '@app/domain/shared';

const idsOf = (events: readonly RecordedEvent[], type: string, pick: (data: never) => string[]): string[] =>
  events.filter((e) => e.type === type).flatMap((e) => pick(e.data as never));

/**
 * The events a claim's explanation needs (docs/audit.md "Explanations"): the claim, its member,
 * the member's other claims (they count in its assessment), the scholarship's basis claim, and
 * the payouts of all of them (recoveries cross claims of one member). Read stream by stream, then
 * put in global order, so the explanation folds them as the re-performance folds the whole log.
 */
export async function claimExplanationEvents(
  store: EventStore,
  claimId: string,
): Promise<AuditEvent[] | undefined> {
  const claim = await store.readStream(`${STREAM_PREFIX.claim}${claimId}`);
  const submitted = claim.find((e) => e.type === 'ClaimSubmitted');
  if (!submitted) return undefined;
  const { memberId, request } = submitted.data as { memberId: string; request: { basisClaimId?: string } };
  const [member, index] = await Promise.all([
    store.readStream(`${STREAM_PREFIX.member}${memberId}`),
    store.readStream(`${STREAM_PREFIX.memberClaims}${memberId}`),
  ]);
  const claimIds = new Set(idsOf(index, 'ClaimLodged', (d: { claimId: string }) => [d.claimId]));
  claimIds.delete(claimId);
  if (request.basisClaimId) claimIds.add(request.basisClaimId);
  claimIds.delete(claimId);
  const others = await Promise.all(
    [...claimIds].map((id) => store.readStream(`${STREAM_PREFIX.claim}${id}`)),
  );
  const claimEvents = [claim, ...others].flat();
  const payoutIds = new Set([
    ...idsOf(claimEvents, 'ClaimApproved', (d: { payouts: { payoutId: string }[] }) =>
      d.payouts.map((p) => p.payoutId),
    ),
    ...idsOf(claimEvents, 'ClaimPayoutUpdated', (d: { payoutId: string }) => [d.payoutId]),
  ]);
  // A late penalty is named after its benefit payout; it may not be on its claim yet.
  for (const id of [...payoutIds]) if (!id.includes('-late-penalty')) payoutIds.add(`${id}-late-penalty`);
  const payouts = await Promise.all(
    [...payoutIds].map((id) => store.readStream(`${STREAM_PREFIX.payout}${id}`)),
  );
  return [...member, ...claimEvents, ...payouts.flat()]
    .sort((a, b) => a.position - b.position)
    .map(({ position, streamId, revision, type, data, metadata }) => ({
      position,
      streamId,
      revision,
      type,
      data,
      metadata: { ...metadata },
    }));
}

/** The claim's explanation, rebuilt from its events alone; undefined when there is no such claim. */
export async function explainClaimFromStore(
  store: EventStore,
  claimId: string,
  /** Now, for a live explanation: a late penalty is pending for a day after the payment. */
  now?: Date,
): Promise<ClaimExplanation | undefined> {
  const events = await claimExplanationEvents(store, claimId);
  return events ? explainClaim(events, claimId, { logEnd: now?.toISOString() }) : undefined;
}
