import { IsoDate } from '../../shared/dates';
import { validateHeirCertificate } from '../heirs';
import { ScheduleLookup, ScheduleVersion } from '../../schedule/schedule.types';
import { AssessmentContext, Reasons } from '../assessment-support';
import {
  Assessment,
  AssessmentLine,
  Benefit,
  ClaimRecord,
  ClaimRequest,
  ClaimRequestField,
} from '../claim.types';

/** A request field that belongs to some benefits only (the others refuse it as unknown). */
export type BenefitField = Exclude<
  ClaimRequestField,
  'memberId' | 'benefit' | 'incidentDate' | 'reportedOn' | 'claimant' | 'payTo'
>;

/** The field rules of one benefit's request, given the common fields already read. */
export interface RequestFields {
  /** The request as unknown values: the last line of defence after the edge. */
  r: Record<string, unknown>;
  err(field: string, message: string): void;
  date(field: string, required: boolean): IsoDate | undefined;
  incidentDate?: IsoDate;
  reportedOn?: IsoDate;
  versions: readonly ScheduleVersion[];
}

/**
 * Everything one benefit adds to the claims rules: its request's field rules and the lines it
 * pays (docs/benefit-rules.md). Adding a benefit = a module here, its schedule entries, its DTO.
 */
export interface BenefitModule {
  benefit: Benefit;
  /** A death benefit: the death happens once; the approval records the member deceased. */
  death: boolean;
  /** A JKK benefit: it needs a work accident (the work relation is checked). */
  workAccident: boolean;
  /** Paid while the work relation is only suspected (medical and home care first); else WORK_RELATION_PENDING. */
  coveredWhileSuspected: boolean;
  /** The request fields of this benefit: the API refuses them on any other benefit. */
  fields: readonly BenefitField[];
  /** A death benefit: the date of death its request asserts. */
  dateOfDeath?(request: ClaimRequest): IsoDate | undefined;
  validate(fields: RequestFields): void;
  /** The payable lines under schedule `s`; `reasons` may gain one (e.g. NO_HEIR). */
  lines(ctx: AssessmentContext, s: ScheduleVersion, reasons: Reasons): AssessmentLine[];
  /** A benefit judged on another claim (the scholarship) assesses itself entirely. */
  assess?(ctx: AssessmentContext, others: readonly ClaimRecord[], lookup: ScheduleLookup): Assessment;
}

/** The optional `heirCertificate` of death claims and scholarships (docs/benefit-rules.md "Heirs"). */
export function certificateErrors(r: Record<string, unknown>, err: RequestFields['err']): void {
  if (r.heirCertificate === undefined || r.heirCertificate === null) return;
  for (const e of validateHeirCertificate(r.heirCertificate, 'heirCertificate')) err(e.field, e.message);
}
