import { MemberEvent } from './member.events';
import { MemberState } from './member.types';

export const initialMemberState = (): MemberState => ({
  exists: false,
  memberId: '',
  nik: '',
  fullName: '',
  birthDate: '',
  sex: 'M',
  village: '',
  subdistrict: '',
  occupation: '',
  p3keDesil: 1,
  declaredMonthlyIncome: 0,
  coverageStart: '',
  membershipNo: 0,
  paidMonths: [],
  heirs: [],
});

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'MemberEnrolled': {
      const { enrolledOn: _enrolledOn, ...data } = event.data;
      return { ...initialMemberState(), ...data, exists: true, paidMonths: [], heirs: [...data.heirs] };
    }
    case 'MemberReEnrolled': {
      const { reEnrolledOn: _on, previousMembershipLapsedOn: _lapsed, ...data } = event.data;
      return { ...state, ...data, exists: true, paidMonths: [], heirs: [...data.heirs] };
    }
    case 'HeirRegistered':
      return { ...state, heirs: [...state.heirs, event.data.heir] };
    case 'ContributionMonthPaid': {
      // A payment belongs to one membership; one for an earlier membership changes nothing now.
      if (event.data.membershipNo !== state.membershipNo) return state;
      const { period, paidOn, paymentId } = event.data;
      return { ...state, paidMonths: [...state.paidMonths, { period, paidOn, paymentId }] };
    }
    case 'MemberDeceased':
      return { ...state, deceasedOn: event.data.dateOfDeath, deathClaimId: event.data.claimId };
    case 'ContributionMonthReversed': {
      // Never paid by that payment: another payment may pay the month again.
      const { period, paymentId, membershipNo } = event.data;
      if (membershipNo !== state.membershipNo) return state;
      return {
        ...state,
        paidMonths: state.paidMonths.filter((m) => !(m.period === period && m.paymentId === paymentId)),
      };
    }
    case 'MemberCorrected': {
      const { changes } = event.data;
      const moved = changes.nik !== undefined && changes.nik !== state.nik;
      return {
        ...state,
        ...changes,
        ...(moved ? { formerNiks: [...(state.formerNiks ?? []), state.nik] } : {}),
      };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
