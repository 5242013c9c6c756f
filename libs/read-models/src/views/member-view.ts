import {
  contributionMonthsBefore,
  DEFAULT_LAPSE_MONTHS,
  HeirRelationship,
  MemberState,
  MemberStatus,
  memberStatusOn,
  P3keDecile,
  paidMonthsOf,
  Sex,
} from '@app/domain/members';
import { IsoDate, IsoMonth } from '@app/domain/shared';

/** docs/api.md `GET /api/members/{memberId}` without `version` (the caller adds it). */
export interface MemberView {
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
  coverageStart: IsoDate;
  status: MemberStatus;
  paidMonths: IsoMonth[];
  contributionMonths: number;
  lapsedOn?: IsoDate;
  deceasedOn?: IsoDate;
  heirs: { heirId: string; fullName: string; relationship: HeirRelationship; birthDate?: IsoDate }[];
}

/**
 * The member as docs/api.md shows it on `today` (the date in Asia/Jakarta): status, lapse and
 * contribution months are judged by payment dates on or before that day (docs/benefit-rules.md "Contributions and coverage"). Pure, so
 * the live view and the audit's as-of view are the same function of the same events.
 */
export function toMemberView(
  state: MemberState,
  today: IsoDate,
  lapseMonths = DEFAULT_LAPSE_MONTHS,
): MemberView {
  const status = memberStatusOn(state, today, lapseMonths);
  return {
    memberId: state.memberId,
    nik: state.nik,
    fullName: state.fullName,
    birthDate: state.birthDate,
    sex: state.sex,
    village: state.village,
    subdistrict: state.subdistrict,
    occupation: state.occupation,
    p3keDesil: state.p3keDesil,
    declaredMonthlyIncome: state.declaredMonthlyIncome,
    coverageStart: state.coverageStart,
    status: status.status,
    paidMonths: paidMonthsOf(state),
    contributionMonths: contributionMonthsBefore(state, today, today),
    ...(status.lapsedOn ? { lapsedOn: status.lapsedOn } : {}),
    ...(status.deceasedOn ? { deceasedOn: status.deceasedOn } : {}),
    // An heir's NIK stays out of views (it is personal data the API does not list).
    heirs: state.heirs.map((h) => ({
      heirId: h.heirId,
      fullName: h.fullName,
      relationship: h.relationship,
      ...(h.birthDate ? { birthDate: h.birthDate } : {}),
    })),
  };
}
