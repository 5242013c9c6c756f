/**
 * Payment reversals (docs/benefit-rules.md "Corrections"): the sponsor's bank returned a payment,
 * in whole or for some members. The payment stream records the reversal first (its member list in
 * parts of at most MEMBER_IDS_PER_EVENT ids), each member's stream then gets its
 * ContributionMonthReversed, and ContributionPaymentReversalCompleted closes it with the totals.
 */
import { DomainError } from '../shared/domain-error';
import { DomainEvent } from '../shared/event';
import { textFieldErrors } from '../shared/text';
import { MEMBER_IDS_PER_EVENT, ContributionPaymentState } from './contribution-payment.events';

/** A part of a long reversal's member list, written before its ContributionPaymentReversed. */
export type ContributionPaymentReversalListed = DomainEvent<
  'ContributionPaymentReversalListed',
  { paymentId: string; reversalId: string; memberIds: string[] }
>;

/** The reversal: its members are the `memberCount - memberIds.length` ids listed just before, then `memberIds`. */
export type ContributionPaymentReversed = DomainEvent<
  'ContributionPaymentReversed',
  {
    paymentId: string;
    reversalId: string;
    reason: string;
    memberIds: string[];
    memberCount: number;
    /** Members asked for whose month this payment had already reversed: reported, not reversed again. */
    alreadyReversed: number;
    by: string;
    at: string;
  }
>;

/** Every member-month of the reversal is reversed on the member's stream. */
export type ContributionPaymentReversalCompleted = DomainEvent<
  'ContributionPaymentReversalCompleted',
  { paymentId: string; reversalId: string; membersReversed: number; totalAmount: number }
>;

export type ContributionReversalEvent =
  ContributionPaymentReversalListed | ContributionPaymentReversed | ContributionPaymentReversalCompleted;

export interface PaymentReversal {
  reversalId: string;
  reason: string;
  memberIds: string[];
  alreadyReversed: number;
  by: string;
  at: string;
  /** Set once every member stream has its ContributionMonthReversed. */
  completed?: { membersReversed: number; totalAmount: number };
}

export type ReverseContributionPayment = {
  type: 'ReverseContributionPayment';
  data: { reversalId: string; reason: string; memberIds?: string[]; actor: string; at: string };
};
export type CompleteReversal = {
  type: 'CompleteReversal';
  data: { reversalId: string; totalAmount: number };
};
export type ContributionReversalCommand = ReverseContributionPayment | CompleteReversal;

/** The members whose month this payment paid (its allocation's PAY outcomes). */
export function membersCoveredBy(state: ContributionPaymentState): string[] {
  const a = state.allocation;
  if (!a) return [];
  const notCovered = new Set([...(a.alreadyPaidMemberIds ?? []), ...(a.notActiveMemberIds ?? [])]);
  return state.memberIds.filter((id) => !notCovered.has(id));
}

/** Members already named by a reversal of this payment (completed or still being written). */
export function reversedMemberIds(state: ContributionPaymentState): Set<string> {
  return new Set((state.reversals ?? []).flatMap((r) => r.memberIds));
}

export function evolveReversal(
  state: ContributionPaymentState,
  event: ContributionReversalEvent,
): ContributionPaymentState {
  switch (event.type) {
    case 'ContributionPaymentReversalListed':
      return { ...state, listedReversalIds: [...(state.listedReversalIds ?? []), ...event.data.memberIds] };
    case 'ContributionPaymentReversed': {
      const { paymentId: _p, memberIds: own, memberCount, ...data } = event.data;
      const listed = state.listedReversalIds ?? [];
      const before = memberCount - own.length;
      const memberIds = [...(before > 0 ? listed.slice(listed.length - before) : []), ...own];
      const reversal: PaymentReversal = { ...data, memberIds };
      return { ...state, reversals: [...(state.reversals ?? []), reversal], listedReversalIds: undefined };
    }
    case 'ContributionPaymentReversalCompleted': {
      const { reversalId, membersReversed, totalAmount } = event.data;
      return {
        ...state,
        reversals: (state.reversals ?? []).map((r) =>
          r.reversalId === reversalId ? { ...r, completed: { membersReversed, totalAmount } } : r,
        ),
      };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** A 400 names at most this many ids (and counts them all). */
export const LISTED_NOT_COVERED = 100;

function reverse(
  command: ReverseContributionPayment,
  state: ContributionPaymentState,
): ContributionReversalEvent[] {
  const { data } = command;
  if (!state.exists) throw new DomainError('not_found', 'PAYMENT_NOT_FOUND', 'The payment is not recorded');
  if (!state.allocation)
    throw new DomainError('not_allowed', 'PAYMENT_NOT_ALLOCATED', 'The payment is still being allocated');
  const errors = textFieldErrors(data.reason, 'reason', { maxLength: 2000 });
  if (
    data.memberIds !== undefined &&
    !(Array.isArray(data.memberIds) && data.memberIds.every((id) => typeof id === 'string'))
  )
    errors.push({ field: 'memberIds', message: 'must be an array of member ids' });
  if (errors.length > 0) throw DomainError.validation(errors);
  const covered = membersCoveredBy(state);
  const coveredSet = new Set(covered);
  const asked = data.memberIds ? [...new Set(data.memberIds)] : covered;
  const notCovered = asked.filter((id) => !coveredSet.has(id));
  if (notCovered.length > 0) {
    const shown =
      notCovered.slice(0, 20).join(', ') +
      (notCovered.length > 20 ? ` and ${notCovered.length - 20} more` : '');
    throw new DomainError(
      'validation',
      'MEMBERS_NOT_COVERED',
      `${notCovered.length} member id(s) were not covered by this payment; nothing was reversed`,
      {
        notCoveredMemberIds: notCovered.slice(0, LISTED_NOT_COVERED),
        notCoveredMemberCount: notCovered.length,
      },
      [{ field: 'memberIds', message: `not covered by this payment: ${shown}` }],
    );
  }
  const reversed = reversedMemberIds(state);
  const memberIds = asked.filter((id) => !reversed.has(id));
  const listed: string[][] = [];
  for (let i = 0; i < memberIds.length; i += MEMBER_IDS_PER_EVENT)
    listed.push(memberIds.slice(i, i + MEMBER_IDS_PER_EVENT));
  const last = listed.pop() ?? [];
  const { paymentId } = state;
  return [
    ...listed.map((part): ContributionPaymentReversalListed => ({
      type: 'ContributionPaymentReversalListed',
      data: { paymentId, reversalId: data.reversalId, memberIds: part },
    })),
    {
      type: 'ContributionPaymentReversed',
      data: {
        paymentId,
        reversalId: data.reversalId,
        reason: data.reason.trim(),
        memberIds: last,
        memberCount: memberIds.length,
        alreadyReversed: asked.length - memberIds.length,
        by: data.actor,
        at: data.at,
      },
    },
  ];
}

export function decideReversal(
  command: ContributionReversalCommand,
  state: ContributionPaymentState,
): ContributionReversalEvent[] {
  if (command.type === 'ReverseContributionPayment') return reverse(command, state);
  const reversal = (state.reversals ?? []).find((r) => r.reversalId === command.data.reversalId);
  if (!reversal) throw new DomainError('not_found', 'REVERSAL_NOT_FOUND', 'No such reversal of this payment');
  if (reversal.completed) return []; // a resumed run finishing what was already finished
  return [
    {
      type: 'ContributionPaymentReversalCompleted',
      data: {
        paymentId: state.paymentId,
        reversalId: reversal.reversalId,
        membersReversed: reversal.memberIds.length,
        totalAmount: command.data.totalAmount,
      },
    },
  ];
}
