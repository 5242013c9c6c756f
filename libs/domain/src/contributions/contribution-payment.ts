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
import { MAX_NAME_LENGTH, textFieldErrors } from '../shared/text';
import { ContributionMonthDecision } from '../members/coverage';

export type ContributionPaymentRecorded = DomainEvent<
  'ContributionPaymentRecorded',
  {
    paymentId: string;
    period: IsoMonth;
    paidOn: IsoDate;
    reference: string;
    /** Distinct, in the order given. */
    memberIds: string[];
    recordedBy: string;
  }
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

export type ContributionPaymentEvent = ContributionPaymentRecorded | ContributionPaymentAllocated;

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
    case 'ContributionPaymentRecorded':
      return { ...state, ...event.data, exists: true, memberIds: [...event.data.memberIds] };
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
      return [
        {
          type: 'ContributionPaymentRecorded',
          data: {
            paymentId: data.paymentId,
            period: data.period,
            paidOn: data.paidOn,
            reference: data.reference.trim(),
            memberIds: [...new Set(data.memberIds)], // a member-month is paid at most once
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
