import { IsoDate } from '../shared/dates';
import { DomainEvent } from '../shared/event';
import { Payee } from './claim.types';

/** What was approved for one payee (docs/benefit-rules.md "Corrections"). */
export interface PayeeAmount {
  payee: Payee;
  amount: number;
}

/** The adjustment a decision on a reopened claim made: recorded on its ClaimApproved or ClaimRejected. */
export interface AdjustmentDecided {
  previousTotal: number;
  newTotal: number;
  difference: number;
  /** What stands approved per payee after this decision (none when rejected). */
  approvedByPayee: PayeeAmount[];
  /** Negative differences: owed back by each payee. */
  overpayments: PayeeAmount[];
}

/** A supervisor reopened a decided claim (or an appeal overturned it): a ClaimAssessed follows. */
export type ClaimReopened = DomainEvent<
  'ClaimReopened',
  {
    claimId: string;
    memberId: string;
    by: string;
    role?: string;
    at: string;
    note: string;
    previousStatus: 'APPROVED' | 'PAID' | 'REJECTED';
    previousTotal: number;
    previousByPayee: PayeeAmount[];
    /** 1 for the first reopening: numbers the top-up payouts of the decision that follows. */
    reopening: number;
    /** Set when an overturned appeal reopened it. */
    appealId?: string;
  }
>;

/** A later payout to the same payee for the same member had this claim's overpayment deducted. */
export type ClaimOverpaymentRecovered = DomainEvent<
  'ClaimOverpaymentRecovered',
  {
    claimId: string;
    memberId: string;
    payee: Payee;
    amount: number;
    /** The payout it was deducted from (one recovery per payout: the event id names it). */
    payoutId: string;
    payoutClaimId: string;
    at: string;
  }
>;

export type ClaimAppealFiled = DomainEvent<
  'ClaimAppealFiled',
  {
    claimId: string;
    appealId: string;
    grounds: string;
    documents: { name: string; reference: string }[];
    filedOn: IsoDate;
    dueBy: IsoDate;
    by: string;
    role?: string;
    at: string;
  }
>;

export type ClaimAppealDecided = DomainEvent<
  'ClaimAppealDecided',
  {
    claimId: string;
    appealId: string;
    outcome: 'UPHELD' | 'OVERTURNED';
    note: string;
    decidedOn: IsoDate;
    by: string;
    role?: string;
    at: string;
  }
>;

export type CorrectionEvent =
  ClaimReopened | ClaimOverpaymentRecovered | ClaimAppealFiled | ClaimAppealDecided;
