import { HeirRelationship } from '../members/member.types';
import { IsoDate } from '../shared/dates';
import { REHABILITATION_AIDS, ScholarshipLevel, TRANSPORT_MODES } from '../schedule/schedule.types';
import type { PayTo } from '../payouts/destination';

export const BENEFITS = [
  'JKK_MEDICAL',
  'JKK_TEMPORARY_INCAPACITY',
  'JKK_PERMANENT_DISABILITY',
  'JKK_DEATH',
  'JKM_DEATH',
  'SCHOLARSHIP',
  'JKK_TRANSPORT',
  'JKK_HOME_CARE',
  'JKK_REHABILITATION_AID',
] as const;
export type Benefit = (typeof BENEFITS)[number];

/** docs/api.md "Claims": the stable reason codes of an assessment. */
export const REASON_CODES = [
  'NOT_COVERED',
  'COVERAGE_LAPSED',
  'CONTRIBUTION_UNPAID',
  'TIME_BARRED',
  'MEMBER_DECEASED',
  'DUPLICATE_CLAIM',
  'CLAIMANT_NOT_ENTITLED',
  'NO_HEIR',
  'MIN_CONTRIBUTION_PERIOD',
  'NO_ENTITLEMENT',
  'SCHOLARSHIP_CHILD_LIMIT',
  'SCHOLARSHIP_LEVEL_LIMIT',
  'SCHOLARSHIP_AGE_LIMIT',
  'SCHOLARSHIP_ENDED',
  'NOT_WORK_RELATED',
  'WORK_RELATION_PENDING',
  'BENEFIT_CAP_REACHED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** docs/api.md "Claims": the line codes of an assessment (LATE_PENALTY is a payout line). */
export const LINE_CODES = [
  'MEDICAL_CARE',
  'TEMPORARY_INCAPACITY',
  'DISABILITY',
  'DEATH_BENEFIT',
  'PERIODIC_BENEFIT',
  'FUNERAL',
  'SCHOLARSHIP',
  'LATE_PENALTY',
  'TRANSPORT',
  'HOME_CARE',
  'REHABILITATION_AID',
] as const;
export type LineCode = (typeof LINE_CODES)[number];

export const WORK_RELATIONS = ['CONFIRMED', 'SUSPECTED'] as const;
export type WorkRelation = (typeof WORK_RELATIONS)[number];
export const WORK_RELATION_DECISIONS = ['CONFIRMED', 'NOT_WORK_RELATED'] as const;
export type WorkRelationDecision = (typeof WORK_RELATION_DECISIONS)[number];

/** JKK_TRANSPORT: how the injured worker was carried (land, river and lake share one limit). */
export { REHABILITATION_AIDS, TRANSPORT_MODES };
export type TransportMode = (typeof TRANSPORT_MODES)[number];
export type RehabilitationAid = (typeof REHABILITATION_AIDS)[number];

export const DISABILITY_KINDS = ['TOTAL', 'PARTIAL'] as const;
export type DisabilityKind = (typeof DISABILITY_KINDS)[number];

/** Who claims a death benefit: a registered heir's relationship, or whoever arranged the burial. */
export type ClaimantRelationship = HeirRelationship | 'FUNERAL_ORGANISER';

export interface Claimant {
  fullName: string;
  relationship: ClaimantRelationship;
}

export interface Impairment {
  code: string;
  /** Function lost, 1-100; absent means anatomical loss (100%). */
  functionLossPercent?: number;
}

/** An heir named on an heir certificate (surat keterangan ahli waris). */
export interface CertifiedHeir {
  fullName: string;
  relationship: HeirRelationship;
  birthDate?: IsoDate;
}

/** docs/benefit-rules.md "Heirs": the certificate's heirs prevail over the registry for its claim. */
export interface HeirCertificate {
  reference: string;
  heirs: CertifiedHeir[];
}

/** Death claims and scholarships may bring an heir certificate. */
interface HeirsByCertificate {
  heirCertificate?: HeirCertificate;
}

export interface ScholarshipChild {
  fullName: string;
  birthDate: IsoDate;
}

/** What every claim request has, whatever its benefit. */
interface RequestCommon {
  memberId: string;
  /** Optional for SCHOLARSHIP only (judged on the basis claim). JKM_DEATH: the date of death. */
  incidentDate?: IsoDate;
  /** Defaults to the day the claim is submitted. */
  reportedOn?: IsoDate;
  claimant?: Claimant;
  /** The payee's bank account; absent: a cash order collected at a post office. */
  payTo?: PayTo;
}

/** JKK benefits: CONFIRMED when absent. A SUSPECTED work accident covers medical care first. */
interface WorkAccident {
  workRelation?: WorkRelation;
}

export interface JkkMedicalRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_MEDICAL';
  provider?: string;
  invoiceAmount?: number;
}

export interface JkkTemporaryIncapacityRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_TEMPORARY_INCAPACITY';
  incapacityFrom?: IsoDate;
  incapacityTo?: IsoDate;
}

export interface JkkPermanentDisabilityRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_PERMANENT_DISABILITY';
  disability?: DisabilityKind;
  impairments?: Impairment[];
}

export interface JkkDeathRequest extends RequestCommon, WorkAccident, HeirsByCertificate {
  benefit: 'JKK_DEATH';
  dateOfDeath?: IsoDate;
  /** A certified sudden death at work: itself the determination of a work accident. */
  suddenDeathAtWork?: boolean;
}

export interface JkkTransportRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_TRANSPORT';
  mode?: TransportMode;
  /** The cost incurred. */
  amount?: number;
}

export interface JkkHomeCareRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_HOME_CARE';
  provider?: string;
  invoiceAmount?: number;
  careFrom?: IsoDate;
  careTo?: IsoDate;
}

export interface JkkRehabilitationAidRequest extends RequestCommon, WorkAccident {
  benefit: 'JKK_REHABILITATION_AID';
  aid?: RehabilitationAid;
  provider?: string;
  /** PROSTHESIS / ORTHOSIS: the government rehabilitation centre's price. */
  price?: number;
}

export interface JkmDeathRequest extends RequestCommon, HeirsByCertificate {
  benefit: 'JKM_DEATH';
  /** Equal to incidentDate when given: for JKM the incident is the death. */
  dateOfDeath?: IsoDate;
}

export interface ScholarshipRequest extends RequestCommon, HeirsByCertificate {
  benefit: 'SCHOLARSHIP';
  basisClaimId?: string;
  child?: ScholarshipChild;
  level?: ScholarshipLevel;
  /** "2025/2026": consecutive years. */
  academicYear?: string;
  married?: boolean;
  employed?: boolean;
}

/**
 * The body of `POST /api/claims` (docs/api.md): a union keyed by `benefit`, each with its own
 * fields. Fields stay optional in the type because stored requests are read as they were
 * written; `validateClaimRequest` (and each benefit module) says which a new request needs.
 */
export type ClaimRequest =
  | JkkMedicalRequest
  | JkkTemporaryIncapacityRequest
  | JkkPermanentDisabilityRequest
  | JkkDeathRequest
  | JkmDeathRequest
  | ScholarshipRequest
  | JkkTransportRequest
  | JkkHomeCareRequest
  | JkkRehabilitationAidRequest;

export type ClaimRequestOf<B extends Benefit> = Extract<ClaimRequest, { benefit: B }>;

/** The request as its benefit's own type; a request of another benefit is a programming error. */
export function requestFor<B extends Benefit>(request: ClaimRequest, benefit: B): ClaimRequestOf<B> {
  if (request.benefit !== benefit)
    throw new RangeError(`A ${request.benefit} request is not a ${benefit} request`);
  return request as ClaimRequestOf<B>;
}

/** The work relation a JKK request states (absent for other benefits). */
export const workRelationOf = (request: ClaimRequest): WorkRelation | undefined =>
  'workRelation' in request ? request.workRelation : undefined;

/** The claim's heir certificate: one added later replaces the one given with the request. */
export const heirCertificateOf = (
  claim: Pick<ClaimRecord, 'request' | 'heirCertificate'>,
): HeirCertificate | undefined =>
  claim.heirCertificate ?? ('heirCertificate' in claim.request ? claim.request.heirCertificate : undefined);

/** The scholarship's basis claim (absent for other benefits). */
export const basisClaimIdOf = (request: ClaimRequest): string | undefined =>
  request.benefit === 'SCHOLARSHIP' ? request.basisClaimId : undefined;

/** Every field any benefit's request may carry. */
export type ClaimRequestField = ClaimRequest extends infer R ? (R extends unknown ? keyof R : never) : never;

export type PayeeKind = 'MEMBER' | 'HEIR' | 'PROVIDER' | 'FUNERAL_ORGANISER';
export interface Payee {
  kind: PayeeKind;
  name: string;
}

export interface AssessmentReason {
  code: ReasonCode;
  message: string;
}

export interface AssessmentLine {
  code: LineCode;
  description: string;
  amount: number;
  payee: Payee;
  /** The formula and the regulation article or programme policy it uses. */
  basis: string;
}

export interface Assessment {
  eligible: boolean;
  reasons: AssessmentReason[];
  /** The payable lines; empty when not eligible. */
  lines: AssessmentLine[];
  total: number;
  scheduleVersion: string;
}

export const CLAIM_STATUSES = [
  'ASSESSED',
  'DOCUMENTS_REQUESTED',
  'AWAITING_SECOND_APPROVAL',
  'APPROVED',
  'PAID',
  'REJECTED',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Not yet decided: counts toward DUPLICATE_CLAIM and the scholarship child limit. */
export const PENDING_STATUSES: readonly ClaimStatus[] = [
  'ASSESSED',
  'DOCUMENTS_REQUESTED',
  'AWAITING_SECOND_APPROVAL',
];
export const APPROVED_STATUSES: readonly ClaimStatus[] = ['APPROVED', 'PAID'];

/**
 * What the assessment needs to know about another claim of the member (or the scholarship's
 * basis claim). A full ClaimState satisfies it; so can a read-model row.
 */
export interface ClaimRecord {
  claimId: string;
  memberId: string;
  benefit: Benefit;
  status: ClaimStatus;
  request: ClaimRequest;
  /** Its latest assessment: what it counts toward a per-accident limit. */
  assessment?: Assessment;
  /** A suspected work accident and its decision, when there is one. */
  workRelation?: { status: WorkRelation | WorkRelationDecision; decidedOn?: IsoDate };
  /** The heir certificate added after submission, which replaces the request's (absent in older rows). */
  heirCertificate?: HeirCertificate;
}
