import { DomainEvent, STREAM_PREFIX } from '@app/domain/shared';
import { nameBasedUuid, sha256Hex } from '../shared/ids';

/**
 * Stream layout of the contributions feature:
 * - `contribution-payment-<paymentId>`: ContributionPaymentRecorded (with its member list), then
 *   ContributionPaymentAllocated once every member-month is processed;
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
