import { DomainEvent } from '../shared/event';
import { IsoDate, IsoMonth } from '../shared/dates';
import type {
  ContributionReversalEvent,
  ContributionReversalCommand,
  PaymentReversal,
} from './contribution-reversal';

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

/**
 * The allocation summary. When its member ids would exceed MEMBER_IDS_PER_EVENT they are listed
 * just before it (ContributionPaymentAllocationListed) and this event carries the counts: its
 * lists are the last `alreadyPaid` / `notActive` ids listed, then its own.
 */
export type ContributionPaymentAllocated = DomainEvent<
  'ContributionPaymentAllocated',
  AllocationSummary & { paymentId: string }
>;

/** A part of a long allocation's member ids, written before ContributionPaymentAllocated. */
export type ContributionPaymentAllocationListed = DomainEvent<
  'ContributionPaymentAllocationListed',
  { paymentId: string; alreadyPaidMemberIds: string[]; notActiveMemberIds: string[] }
>;

export type ContributionPaymentEvent =
  | ContributionPaymentMembersListed
  | ContributionPaymentRecorded
  | ContributionPaymentAllocationListed
  | ContributionPaymentAllocated
  | ContributionReversalEvent;

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
export type ContributionPaymentCommand =
  RecordContributionPayment | CompleteAllocation | ContributionReversalCommand;

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
  /** Ids listed ahead of the ContributionPaymentAllocated, likewise. */
  listedAllocation?: { alreadyPaid: string[]; notActive: string[] };
  /** Reversals of this payment, in order (docs/benefit-rules.md "Corrections"). */
  reversals?: PaymentReversal[];
  /** Ids listed ahead of a ContributionPaymentReversed. */
  listedReversalIds?: string[];
}
