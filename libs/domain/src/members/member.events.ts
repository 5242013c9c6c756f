import { DomainEvent } from '../shared/event';
import { IsoDate, IsoMonth } from '../shared/dates';
import { Heir, P3keDecile, Sex } from './member.types';

/** The person's recorded particulars; a re-enrollment may update them. */
export interface MemberParticulars {
  nik: string;
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  village: string;
  subdistrict: string;
  occupation: string;
  p3keDesil: P3keDecile;
  /** Always set on the event: the programme default is applied when the input had none. */
  declaredMonthlyIncome: number;
}

export type MemberEnrolled = DomainEvent<
  'MemberEnrolled',
  MemberParticulars & {
    memberId: string;
    coverageStart: IsoDate;
    membershipNo: 1;
    heirs: Heir[];
    enrolledOn: IsoDate;
  }
>;

/** A new membership for a person whose previous one lapsed: paid months start from zero. */
export type MemberReEnrolled = DomainEvent<
  'MemberReEnrolled',
  MemberParticulars & {
    memberId: string;
    coverageStart: IsoDate;
    membershipNo: number;
    /** The heirs of the new membership: those given, or the registered ones when none were. */
    heirs: Heir[];
    reEnrolledOn: IsoDate;
    previousMembershipLapsedOn: IsoDate;
  }
>;

export type HeirRegistered = DomainEvent<'HeirRegistered', { memberId: string; heir: Heir }>;

export type ContributionMonthPaid = DomainEvent<
  'ContributionMonthPaid',
  {
    memberId: string;
    period: IsoMonth;
    paidOn: IsoDate;
    paymentId: string;
    membershipNo: number;
    /** jkk + jkm, integer Rupiah. */
    amount: number;
    jkk: number;
    jkm: number;
  }
>;

export type MemberDeceased = DomainEvent<
  'MemberDeceased',
  { memberId: string; dateOfDeath: IsoDate; claimId: string }
>;

/** A month this payment paid, returned by the sponsor's bank: it counts as never paid by it. */
export type ContributionMonthReversed = DomainEvent<
  'ContributionMonthReversed',
  {
    memberId: string;
    period: IsoMonth;
    paymentId: string;
    reversalId: string;
    membershipNo: number;
    /** The month's contribution (jkk + jkm) that is no longer paid, integer Rupiah. */
    amount: number;
    reason: string;
  }
>;

/** The particulars an enrollment officer may correct (docs/benefit-rules.md "Corrections"). */
export type CorrectableParticulars = Omit<MemberParticulars, 'declaredMonthlyIncome'>;

/** A correction of the member's recorded data: the new values, the old ones, why and by whom. */
export type MemberCorrected = DomainEvent<
  'MemberCorrected',
  {
    memberId: string;
    changes: Partial<CorrectableParticulars>;
    previous: Partial<CorrectableParticulars>;
    reason: string;
    correctedBy: string;
    at: string;
  }
>;

export type MemberEvent =
  | MemberEnrolled
  | MemberReEnrolled
  | HeirRegistered
  | ContributionMonthPaid
  | MemberDeceased
  | ContributionMonthReversed
  | MemberCorrected;

export const MEMBER_EVENT_TYPES: readonly MemberEvent['type'][] = [
  'MemberEnrolled',
  'MemberReEnrolled',
  'HeirRegistered',
  'ContributionMonthPaid',
  'MemberDeceased',
  'ContributionMonthReversed',
  'MemberCorrected',
];
