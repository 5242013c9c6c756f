/** Builders for member tests (pure data; no jest here so it can be imported anywhere). */
import { fold } from '../shared/event';
import { EnrollMember, memberDecider } from './member.decider';
import { ContributionMonthPaid, MemberEnrolled, MemberEvent } from './member.events';
import { MemberState } from './member.types';

export const MEMBER_ID = 'member-1';

/** A man born 1985-05-12 in Sekayu: NIK date part 120585. */
export function enrollMemberCommand(overrides: Partial<EnrollMember['data']> = {}): EnrollMember {
  return {
    type: 'EnrollMember',
    data: {
      memberId: MEMBER_ID,
      nik: '1606011205850001',
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      coverageStart: '2025-01-01',
      heirs: [{ heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
      today: '2025-01-01',
      ...overrides,
    },
  };
}

export function enrolled(overrides: Partial<MemberEnrolled['data']> = {}): MemberEnrolled {
  return {
    type: 'MemberEnrolled',
    data: {
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
      coverageStart: '2025-01-01',
      membershipNo: 1,
      heirs: [{ heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
      enrolledOn: '2025-01-01',
      ...overrides,
    },
  };
}

export function paid(period: string, paidOn: string, membershipNo = 1): ContributionMonthPaid {
  return {
    type: 'ContributionMonthPaid',
    data: {
      memberId: MEMBER_ID,
      period,
      paidOn,
      paymentId: `pay-${period}-${paidOn}`,
      membershipNo,
      amount: 16_800,
      jkk: 10_000,
      jkm: 6_800,
    },
  };
}

export function stateOf(events: readonly MemberEvent[]): MemberState {
  return fold(memberDecider, events);
}
