/**
 * The sponsor's payment stream (docs/benefit-rules.md "Contributions and coverage"): one payment for one period, a payment date, a unique
 * bank reference and the members it is for. Allocating it to each member's stream is the member
 * decider's `RecordContributionMonth`; this stream records the payment and, once every member
 * has been processed, the allocation summary. Reference uniqueness across payments is the
 * infrastructure's (a reservation keyed by reference), not this stream's.
 */
import { DomainError, FieldError } from '../shared/domain-error';
import { Decider } from '../shared/event';
import { isIsoDate, isIsoMonth } from '../shared/dates';
import { MAX_NAME_LENGTH, textFieldErrors } from '../shared/text';
import { ContributionMonthDecision } from '../members/coverage';
import {
  MEMBER_IDS_PER_EVENT,
  ContributionPaymentMembersListed,
  AllocationSummary,
  ContributionPaymentAllocationListed,
  ContributionPaymentEvent,
  ContributionPaymentCommand,
  ContributionPaymentState,
} from './contribution-payment.events';
import { decideReversal, evolveReversal } from './contribution-reversal';

export * from './contribution-payment.events';
export * from './contribution-reversal';

/** The last `count - own.length` ids of `listed`, then `own`: a list written in parts. */
function joinParts(listed: readonly string[], own: readonly string[], count: number): string[] {
  const before = count - own.length;
  return [...(before > 0 ? listed.slice(listed.length - before) : []), ...own];
}

function parts(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += MEMBER_IDS_PER_EVENT) out.push(ids.slice(i, i + MEMBER_IDS_PER_EVENT));
  return out;
}

export const initialContributionPaymentState = (): ContributionPaymentState => ({
  exists: false,
  paymentId: '',
  period: '',
  paidOn: '',
  reference: '',
  memberIds: [],
  recordedBy: '',
});

export interface ContributionPaymentInput {
  period?: unknown;
  paidOn?: unknown;
  reference?: unknown;
  memberIds?: unknown;
}

/** docs/api.md `POST /api/contribution-payments` body rules; one error per bad field. */
export function validateContributionPayment(input: ContributionPaymentInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoMonth(input.period)) errors.push({ field: 'period', message: 'must be a month (YYYY-MM)' });
  if (!isIsoDate(input.paidOn))
    errors.push({ field: 'paidOn', message: 'must be a valid date (YYYY-MM-DD)' });
  errors.push(...textFieldErrors(input.reference, 'reference', { maxLength: MAX_NAME_LENGTH }));
  if (input.memberIds !== undefined && input.memberIds !== null) {
    const ok =
      Array.isArray(input.memberIds) &&
      input.memberIds.every((id) => typeof id === 'string' && id.trim() !== '');
    if (!ok) errors.push({ field: 'memberIds', message: 'must be an array of member ids' });
  }
  return errors;
}

export function evolveContributionPayment(
  state: ContributionPaymentState,
  event: ContributionPaymentEvent,
): ContributionPaymentState {
  switch (event.type) {
    case 'ContributionPaymentMembersListed':
      return { ...state, listedMemberIds: [...(state.listedMemberIds ?? []), ...event.data.memberIds] };
    case 'ContributionPaymentRecorded': {
      const { memberCount, ...data } = event.data;
      // The parts just before this event; earlier ones are what an interrupted attempt left.
      const memberIds = joinParts(
        state.listedMemberIds ?? [],
        data.memberIds,
        memberCount ?? data.memberIds.length,
      );
      return { ...state, ...data, exists: true, memberIds, listedMemberIds: undefined };
    }
    case 'ContributionPaymentAllocationListed': {
      const listed = state.listedAllocation ?? { alreadyPaid: [], notActive: [] };
      return {
        ...state,
        listedAllocation: {
          alreadyPaid: [...listed.alreadyPaid, ...event.data.alreadyPaidMemberIds],
          notActive: [...listed.notActive, ...event.data.notActiveMemberIds],
        },
      };
    }
    case 'ContributionPaymentAllocated': {
      const { paymentId: _paymentId, ...allocation } = event.data;
      const listed = state.listedAllocation ?? { alreadyPaid: [], notActive: [] };
      if (allocation.alreadyPaidMemberIds)
        allocation.alreadyPaidMemberIds = joinParts(
          listed.alreadyPaid,
          allocation.alreadyPaidMemberIds,
          allocation.alreadyPaid,
        );
      if (allocation.notActiveMemberIds)
        allocation.notActiveMemberIds = joinParts(
          listed.notActive,
          allocation.notActiveMemberIds,
          allocation.notActive,
        );
      return { ...state, allocation, listedAllocation: undefined };
    }
    case 'ContributionPaymentReversalListed':
    case 'ContributionPaymentReversed':
    case 'ContributionPaymentReversalCompleted':
      return evolveReversal(state, event);
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function sameSummary(a: AllocationSummary, b: AllocationSummary): boolean {
  return (
    a.membersCovered === b.membersCovered &&
    a.alreadyPaid === b.alreadyPaid &&
    a.notActive === b.notActive &&
    a.totalAmount === b.totalAmount
  );
}

export function decideContributionPayment(
  command: ContributionPaymentCommand,
  state: ContributionPaymentState,
): ContributionPaymentEvent[] {
  switch (command.type) {
    case 'RecordContributionPayment': {
      const { data } = command;
      if (state.exists) {
        throw new DomainError(
          'conflict',
          'PAYMENT_ALREADY_RECORDED',
          `Payment ${state.paymentId} already exists`,
          {
            paymentId: state.paymentId,
          },
        );
      }
      const errors = validateContributionPayment(data);
      if (typeof data.paymentId !== 'string' || data.paymentId === '') {
        errors.push({ field: 'paymentId', message: 'must be a non-empty string' });
      }
      if (!Array.isArray(data.memberIds)) errors.push({ field: 'memberIds', message: 'is required' });
      if (errors.length > 0) throw DomainError.validation(errors);
      const memberIds = [...new Set(data.memberIds)]; // a member-month is paid at most once
      const listed = parts(memberIds);
      const last = listed.pop() ?? [];
      return [
        ...listed.map((part): ContributionPaymentMembersListed => ({
          type: 'ContributionPaymentMembersListed',
          data: { paymentId: data.paymentId, memberIds: part },
        })),
        {
          type: 'ContributionPaymentRecorded',
          data: {
            paymentId: data.paymentId,
            period: data.period,
            paidOn: data.paidOn,
            reference: data.reference.trim(),
            memberIds: last,
            memberCount: memberIds.length,
            recordedBy: data.actor,
          },
        },
      ];
    }
    case 'CompleteAllocation': {
      if (!state.exists)
        throw new DomainError('not_found', 'PAYMENT_NOT_FOUND', 'The payment is not recorded');
      const summary = command.data;
      if (state.allocation) {
        if (sameSummary(state.allocation, summary)) return []; // a retry of the same allocation
        throw new DomainError(
          'conflict',
          'ALLOCATION_ALREADY_COMPLETED',
          'The payment was already allocated',
          {
            paymentId: state.paymentId,
          },
        );
      }
      const counts = [summary.membersCovered, summary.alreadyPaid, summary.notActive, summary.totalAmount];
      if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
        throw DomainError.validation([
          { field: 'allocation', message: 'counts and amount must be integers >= 0' },
        ]);
      }
      const accounted = summary.membersCovered + summary.alreadyPaid + summary.notActive;
      if (accounted !== state.memberIds.length) {
        // Every member of the payment is accounted for exactly once: nothing is silently dropped.
        throw DomainError.validation([
          {
            field: 'allocation',
            message: `accounts for ${accounted} members, the payment lists ${state.memberIds.length}`,
          },
        ]);
      }
      const alreadyPaidIds = summary.alreadyPaidMemberIds ?? [];
      const notActiveIds = summary.notActiveMemberIds ?? [];
      if (alreadyPaidIds.length + notActiveIds.length <= MEMBER_IDS_PER_EVENT)
        return [{ type: 'ContributionPaymentAllocated', data: { paymentId: state.paymentId, ...summary } }];
      // Too many ids for one event: list them in parts, the summary last with its counts.
      const listed: ContributionPaymentAllocationListed[] = [
        ...parts(alreadyPaidIds).map((ids) => ({ alreadyPaidMemberIds: ids, notActiveMemberIds: [] })),
        ...parts(notActiveIds).map((ids) => ({ alreadyPaidMemberIds: [], notActiveMemberIds: ids })),
      ].map((data) => ({
        type: 'ContributionPaymentAllocationListed',
        data: { paymentId: state.paymentId, ...data },
      }));
      return [
        ...listed,
        {
          type: 'ContributionPaymentAllocated',
          data: {
            paymentId: state.paymentId,
            ...summary,
            ...(summary.alreadyPaidMemberIds ? { alreadyPaidMemberIds: [] } : {}),
            ...(summary.notActiveMemberIds ? { notActiveMemberIds: [] } : {}),
          },
        },
      ];
    }
    case 'ReverseContributionPayment':
    case 'CompleteReversal':
      return decideReversal(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('validation', 'UNKNOWN_COMMAND', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const contributionPaymentDecider: Decider<
  ContributionPaymentCommand,
  ContributionPaymentEvent,
  ContributionPaymentState
> = {
  initialState: initialContributionPaymentState,
  evolve: evolveContributionPayment,
  decide: decideContributionPayment,
};

export interface MemberAllocationOutcome {
  memberId: string;
  decision: ContributionMonthDecision;
  /** The month's contribution when `decision` is PAY; ignored otherwise. */
  amount: number;
}

/** Folds the per-member outcomes of one payment into its CompleteAllocation summary. */
export function summariseAllocation(outcomes: readonly MemberAllocationOutcome[]): AllocationSummary {
  const summary: Required<AllocationSummary> = {
    membersCovered: 0,
    alreadyPaid: 0,
    notActive: 0,
    totalAmount: 0,
    alreadyPaidMemberIds: [],
    notActiveMemberIds: [],
  };
  for (const o of outcomes) {
    if (o.decision === 'PAY') {
      summary.membersCovered++;
      summary.totalAmount += o.amount;
    } else if (o.decision === 'ALREADY_PAID') {
      summary.alreadyPaid++;
      summary.alreadyPaidMemberIds.push(o.memberId);
    } else {
      summary.notActive++;
      summary.notActiveMemberIds.push(o.memberId);
    }
  }
  return summary;
}
