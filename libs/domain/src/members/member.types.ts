import { IsoDate, IsoMonth } from '../shared/dates';

/** The contract between the members feature and its consumers (claims, read models, API). */
export type Sex = 'M' | 'F';
export type P3keDecile = 1 | 2 | 3;
export const HEIR_RELATIONSHIPS = [
  'SPOUSE',
  'CHILD',
  'PARENT',
  'GRANDPARENT',
  'GRANDCHILD',
  'SIBLING',
  'PARENT_IN_LAW',
  'TESTAMENTARY',
] as const;
export type HeirRelationship = (typeof HEIR_RELATIONSHIPS)[number];

export interface Heir {
  heirId: string;
  fullName: string;
  relationship: HeirRelationship;
  birthDate?: IsoDate;
  nik?: string;
}

export interface PaidMonth {
  period: IsoMonth;
  /** Payment date: the month counts as paid on any day on or after this date. */
  paidOn: IsoDate;
  paymentId: string;
}

export type MemberStatus = 'ACTIVE' | 'LAPSED' | 'DECEASED';

/** State of one member's stream, folded from its events. */
export interface MemberState {
  exists: boolean;
  memberId: string;
  nik: string;
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  village: string;
  subdistrict: string;
  occupation: string;
  p3keDesil: P3keDecile;
  declaredMonthlyIncome: number;
  /** Coverage start of the current membership: always the first day of a month. */
  coverageStart: IsoDate;
  /** 1 for the first membership, +1 at each re-enrollment after a lapse. */
  membershipNo: number;
  /** Months paid for the current membership only (a re-enrollment starts from zero). */
  paidMonths: PaidMonth[];
  heirs: Heir[];
  /** Set once a death claim is approved (docs/benefit-rules.md "Claims": death happens once). */
  deceasedOn?: IsoDate;
  deathClaimId?: string;
  /** NIKs this member held before a correction (their reservations are released). */
  formerNiks?: string[];
}

export type CoverageReason = 'NOT_COVERED' | 'COVERAGE_LAPSED' | 'CONTRIBUTION_UNPAID';
export type CoverageResult = { covered: true } | { covered: false; reason: CoverageReason; message: string };
