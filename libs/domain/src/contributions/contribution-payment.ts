/**
 * The sponsor's payment stream (DOMAIN.md 2): one payment for one period, a payment date, a unique
 * bank reference and the members it is for. Allocating it to each member's stream is the member
 * decider's `RecordContributionMonth`; this stream records the payment and, once every member
 * has been processed, the allocation summary. Reference uniqueness across payments is the
 * infrastructure's (a reservation keyed by reference), not this stream's.
 */
import { DomainError, FieldError } from '../shared/domain-error';
import { Decider, DomainEvent } from '../shared/event';
import { isIsoDate, isIsoMonth, IsoDate, IsoMonth } from '../shared/dates';
import { ContributionMonthDecision } from '../members/coverage';

/** Member ids per event: 5,000 ids are about 200 KB, far below KurrentDB's 1 MiB append limit. */
export const MEMBER_IDS_PER_EVENT = 5_000;

/**
 * The payment, recorded last: its member list is the ids of the `memberCount - memberIds.length`
 * ids listed just before it (ContributionPaymentMembersListed, in order) followed by `memberIds`.
 * Events written before `memberCount` existed carry the whole list.
 */
export type ContributionPaymentRecorded = DomainEvent<
  'ContributionPaymentRecorded',
  {
    paymentId: string;
    period: IsoMonth;
    paidOn: IsoDate;
    reference: string;
    /** Distinct, in the order given: the last part of the list (all of it when short). */
    memberIds: string[];
    /** The whole list's length; absent on payments recorded as one event. */
    memberCount?: number;
    recordedBy: string;
  }
>;

/** A part of a long member list, written before the payment's ContributionPaymentRecorded. */
export type ContributionPaymentMembersListed = DomainEvent<
  'ContributionPaymentMembersListed',
  { paymentId: string; memberIds: string[] }
>;

export interface AllocationSummary {
  /** Members whose month this payment paid. */
  membersCovered: number;
  /** Members whose month was already paid: reported, not charged again. */
  alreadyPaid: number;
  /** Members not active in the period (lapsed, not yet covered, deceased): not charged. */
  notActive: number;
  /** Sum of the contributions of the members covered, integer Rupiah. */
  totalAmount: number;
  alreadyPaidMemberIds?: string[];
  notActiveMemberIds?: string[];
}

export type ContributionPaymentAllocated = DomainEvent<
  'ContributionPaymentAllocated',
  AllocationSummary & { paymentId: string }
>;

export type ContributionPaymentEvent =
  ContributionPaymentMembersListed | ContributionPaymentRecorded | ContributionPaymentAllocated;

export type RecordContributionPayment = {
  type: 'RecordContributionPayment';
  data: {
    paymentId: string;
    period: IsoMonth;
    paidOn: IsoDate;
    reference: string;
    memberIds: string[];
    actor: string;
  };
};
export type CompleteAllocation = { type: 'CompleteAllocation'; data: AllocationSummary };
export type ContributionPaymentCommand = RecordContributionPayment | CompleteAllocation;

export interface ContributionPaymentState {
  exists: boolean;
  paymentId: string;
  period: IsoMonth;
  paidOn: IsoDate;
  reference: string;
  memberIds: string[];
  recordedBy: string;
  allocation?: AllocationSummary;
  /** Ids listed ahead of the ContributionPaymentRecorded (a crashed attempt's parts come first). */
  listedMemberIds?: string[];
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

/** API.md `POST /api/contribution-payments` body rules; one error per bad field. */
export function validateContributionPayment(input: ContributionPaymentInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoMonth(input.period)) errors.push({ field: 'period', message: 'must be a month (YYYY-MM)' });
  if (!isIsoDate(input.paidOn))
    errors.push({ field: 'paidOn', message: 'must be a valid date (YYYY-MM-DD)' });
  if (typeof input.reference !== 'string' || input.reference.trim() === '') {
    errors.push({ field: 'reference', message: 'must be a non-empty string' });
  }
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
      const listed = state.listedMemberIds ?? [];
      const before = (memberCount ?? data.memberIds.length) - data.memberIds.length;
      // The parts just before this event; earlier ones are what an interrupted attempt left.
      const memberIds = [...(before > 0 ? listed.slice(listed.length - before) : []), ...data.memberIds];
      return { ...state, ...data, exists: true, memberIds, listedMemberIds: undefined };
    }
    case 'ContributionPaymentAllocated': {
      const { paymentId: _paymentId, ...allocation } = event.data;
      return { ...state, allocation };
    }
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
      const parts: string[][] = [];
      for (let i = 0; i < memberIds.length; i += MEMBER_IDS_PER_EVENT)
        parts.push(memberIds.slice(i, i + MEMBER_IDS_PER_EVENT));
      const last = parts.pop() ?? [];
      return [
        ...parts.map((part): ContributionPaymentMembersListed => ({
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
      return [{ type: 'ContributionPaymentAllocated', data: { paymentId: state.paymentId, ...summary } }];
    }
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
