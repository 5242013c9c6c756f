import { AppendContext, EventStore } from '@app/event-store';
import { ContributionPaymentEvent } from '@app/domain/contributions';
import { DomainEvent, STREAM_PREFIX } from '@app/domain/shared';
import { nameBasedUuid, sha256Hex } from '../shared/ids';
import { toNewEvents } from '../shared/command-support';

/**
 * Stream layout of the contributions feature:
 * - `contribution-payment-<paymentId>`: a long member list's parts (ContributionPaymentMembersListed,
 *   5,000 ids each), ContributionPaymentRecorded (the last part), then ContributionPaymentAllocated
 *   once every member-month is processed;
 * - `payment-ref-<sha256(reference)>`: the bank reference's reservation, created with
 *   `no_stream` before (PostgreSQL, PGlite: with) the payment, so a reference is used once;
 * - each member's month is a ContributionMonthPaid on `member-<memberId>` (the members feature's
 *   stream), with a name-based event id from payment, member and period: idempotent.
 */
export const PAYMENT_STREAM_PREFIX = STREAM_PREFIX.contributionPayment;
export const PAYMENT_REFERENCE_STREAM_PREFIX = STREAM_PREFIX.paymentReference;

export const paymentStreamId = (paymentId: string): string => `${PAYMENT_STREAM_PREFIX}${paymentId}`;
export const paymentReferenceStreamId = (reference: string): string =>
  `${PAYMENT_REFERENCE_STREAM_PREFIX}${sha256Hex(reference)}`;

export type PaymentReferenceReserved = DomainEvent<'PaymentReferenceReserved', { paymentId: string }>;

export function reservedPaymentId(events: readonly { type: string; data: unknown }[]): string | undefined {
  const reserved = events.find((e): e is PaymentReferenceReserved => e.type === 'PaymentReferenceReserved');
  return reserved?.data.paymentId;
}

/** The id of the ContributionMonthPaid a payment gives one member: the same on every attempt. */
export const contributionMonthEventId = (paymentId: string, memberId: string, period: string): string =>
  nameBasedUuid('contribution-month', paymentId, memberId, period);

/**
 * Writes a payment's events, one per append so no append nears KurrentDB's 1 MiB limit: the
 * reference's reservation with the first event (one transaction where the store has them), then
 * each further part, ContributionPaymentRecorded last. An attempt that stops between two appends
 * leaves the payment unrecorded behind its reservation; the retry (same reference) calls this with
 * `after` = the payment stream's revision and writes every part again after the leftovers, which
 * the Recorded event's `memberCount` excludes (docs/event-store.md, "Multi-stream writes").
 */
export async function writeContributionPayment(
  store: EventStore,
  payment: { paymentId: string; reference: string; events: ContributionPaymentEvent[]; after?: number },
  ctx: AppendContext,
): Promise<void> {
  const streamId = paymentStreamId(payment.paymentId);
  let revision = payment.after ?? -1;
  let events = payment.events;
  if (payment.after === undefined) {
    const reservation: PaymentReferenceReserved = {
      type: 'PaymentReferenceReserved',
      data: { paymentId: payment.paymentId },
    };
    await store.appendMany(
      [
        {
          streamId: paymentReferenceStreamId(payment.reference),
          events: toNewEvents([reservation]),
          expected: 'no_stream',
        },
        { streamId, events: toNewEvents(events.slice(0, 1)), expected: 'no_stream' },
      ],
      ctx,
    );
    revision = 0;
    events = events.slice(1);
  }
  await appendEach(store, streamId, events, revision, ctx);
}

/**
 * Appends events to one stream one per append, after `revision` (-1: a new stream), so no append
 * carries more than one part of a long list.
 */
export async function appendEach(
  store: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
  revision: number,
  ctx: AppendContext,
): Promise<void> {
  for (const event of events) {
    await store.append(streamId, toNewEvents([event]), revision < 0 ? 'no_stream' : revision, ctx);
    revision += 1;
  }
}
