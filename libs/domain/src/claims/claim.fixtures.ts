/** Builders for claims tests (pure data; no jest here so it can be imported anywhere). */
import { Heir, MemberState, PaidMonth } from '../members/member.types';
import { IsoDate, IsoMonth, addMonths, firstDayOf } from '../shared/dates';
import { ClaimContext } from './claim.commands';
import { ClaimRecord, ClaimRequest, ClaimStatus } from './claim.types';

export const MEMBER_ID = 'member-1';

export const SPOUSE: Heir = { heirId: 'heir-spouse', fullName: 'Siti Aminah', relationship: 'SPOUSE' };
export const CHILD_A: Heir = {
  heirId: 'heir-a',
  fullName: 'Rahmat Fauzi',
  relationship: 'CHILD',
  birthDate: '2015-03-10',
};
export const CHILD_B: Heir = {
  heirId: 'heir-b',
  fullName: 'Dewi Lestari',
  relationship: 'CHILD',
  birthDate: '2017-08-21',
};
export const CHILD_C: Heir = {
  heirId: 'heir-c',
  fullName: 'Putri Ayu',
  relationship: 'CHILD',
  birthDate: '2019-01-05',
};
export const PARENT: Heir = { heirId: 'heir-parent', fullName: 'Hasan Basri', relationship: 'PARENT' };
export const SIBLING: Heir = { heirId: 'heir-sibling', fullName: 'Yusuf Fauzi', relationship: 'SIBLING' };

/** Months `from`..`through`, each paid on the first day of its month (unless `paidOn` is given). */
export function paidMonths(from: IsoMonth, through: IsoMonth, paidOn?: IsoDate): PaidMonth[] {
  const months: PaidMonth[] = [];
  for (let m = from; m <= through; m = addMonths(m, 1))
    months.push({ period: m, paidOn: paidOn ?? firstDayOf(m), paymentId: `pay-${m}` });
  return months;
}

/** Ahmad Fauzi, income Rp 1,000,000, covered from 2020-01-01 with every month paid through 2030-12. */
export function member(overrides: Partial<MemberState> = {}): MemberState {
  return {
    exists: true,
    memberId: MEMBER_ID,
    nik: '1606011205850001',
    fullName: 'Ahmad Fauzi',
    birthDate: '1985-05-12',
    sex: 'M',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    declaredMonthlyIncome: 1_000_000,
    coverageStart: '2020-01-01',
    membershipNo: 1,
    paidMonths: paidMonths('2020-01', '2030-12'),
    heirs: [SPOUSE, CHILD_A, CHILD_B, CHILD_C],
    ...overrides,
  };
}

export function request(overrides: Partial<ClaimRequest> & Pick<ClaimRequest, 'benefit'>): ClaimRequest {
  return { memberId: MEMBER_ID, ...overrides };
}

export const medical = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_MEDICAL',
    incidentDate: '2025-03-10',
    reportedOn: '2025-03-12',
    workRelation: 'CONFIRMED',
    provider: 'RSUD Sekayu',
    invoiceAmount: 7_500_000,
    ...o,
  });

export const jkkDeath = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_DEATH',
    incidentDate: '2025-03-10',
    dateOfDeath: '2025-03-12',
    reportedOn: '2025-03-20',
    claimant: { fullName: SPOUSE.fullName, relationship: 'SPOUSE' },
    ...o,
  });

export const jkmDeath = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKM_DEATH',
    incidentDate: '2025-03-10',
    reportedOn: '2025-03-20',
    claimant: { fullName: SPOUSE.fullName, relationship: 'SPOUSE' },
    ...o,
  });

export const scholarship = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'SCHOLARSHIP',
    basisClaimId: 'claim-death',
    child: { fullName: CHILD_A.fullName, birthDate: CHILD_A.birthDate ?? '' },
    level: 'SD',
    academicYear: '2025/2026',
    reportedOn: '2025-07-15',
    claimant: { fullName: SPOUSE.fullName, relationship: 'SPOUSE' },
    ...o,
  });

/** Another claim of the member, as the assessment sees it. */
export function otherClaim(
  claimId: string,
  req: ClaimRequest,
  status: ClaimStatus = 'APPROVED',
): ClaimRecord {
  return { claimId, memberId: req.memberId, benefit: req.benefit, status, request: req };
}

export function context(overrides: Partial<ClaimContext> = {}): ClaimContext {
  return { member: member(), otherClaims: [], ...overrides };
}

export const transport = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_TRANSPORT',
    incidentDate: '2025-03-10',
    reportedOn: '2025-03-20',
    mode: 'RIVER',
    amount: 3_000_000,
    ...o,
  });

export const homeCare = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_HOME_CARE',
    incidentDate: '2025-03-10',
    reportedOn: '2025-04-20',
    provider: 'Klinik Rawat Rumah Sekayu',
    invoiceAmount: 8_000_000,
    careFrom: '2025-03-15',
    careTo: '2025-04-14',
    ...o,
  });

export const rehabilitationAid = (o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_REHABILITATION_AID',
    incidentDate: '2025-03-10',
    reportedOn: '2025-05-20',
    aid: 'DENTURES',
    provider: 'Klinik Gigi Sekayu',
    price: 3_000_000,
    ...o,
  });
