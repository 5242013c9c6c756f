import { DomainError, FieldError } from '../shared/domain-error';
import { Decider } from '../shared/event';
import { isIsoDate, isIsoMonth, IsoDate, IsoMonth } from '../shared/dates';
import { ContributionRates, contributionFor, DEFAULT_CONTRIBUTION_RATES } from './contribution-amount';
import { contributionMonthDecision, DEFAULT_LAPSE_MONTHS, lapseDateOf, memberStatusOn } from './coverage';
import { declaredIncomeOf, EnrollmentInput, validateEnrollment, validateHeir } from './enrollment';
import { MemberEvent, MemberParticulars } from './member.events';
import { Heir, MemberState } from './member.types';
import { evolveMember, initialMemberState } from './member.evolve';
import { decideMemberCorrection, MemberCorrectionCommand } from './member-corrections';

export { evolveMember, initialMemberState };

/** Schedule values the rules need; the caller takes them from the schedule in force. */
export interface MemberPolicy {
  minimumMonthlyIncome?: number;
  maximumMonthlyIncome?: number;
  lapseMonths?: number;
  contributionRates?: ContributionRates;
}

export type EnrollMember = {
  type: 'EnrollMember';
  data: Omit<EnrollmentInput, 'heirs'> & {
    memberId: string;
    /** Heir ids are chosen by the caller (the service), so a retry yields the same events. */
    heirs: Heir[];
    today: IsoDate;
  };
  policy?: MemberPolicy;
};
export type RegisterHeir = { type: 'RegisterHeir'; data: { heir: Heir }; policy?: MemberPolicy };
export type RecordContributionMonth = {
  type: 'RecordContributionMonth';
  data: { period: IsoMonth; paidOn: IsoDate; paymentId: string };
  policy?: MemberPolicy;
};
export type RecordDeath = {
  type: 'RecordDeath';
  data: { dateOfDeath: IsoDate; claimId: string };
  policy?: MemberPolicy;
};
export type MemberCommand =
  EnrollMember | RegisterHeir | RecordContributionMonth | RecordDeath | MemberCorrectionCommand;

function heirIdErrors(heirs: readonly Heir[], known: readonly Heir[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set(known.map((h) => h.heirId));
  heirs.forEach((heir, i) => {
    if (typeof heir.heirId !== 'string' || heir.heirId.trim() === '') {
      errors.push({ field: `heirs[${i}].heirId`, message: 'must be a non-empty string' });
    } else if (seen.has(heir.heirId)) {
      errors.push({ field: `heirs[${i}].heirId`, message: `duplicate heirId ${heir.heirId}` });
    }
    seen.add(heir.heirId);
  });
  return errors;
}

function sameHeir(a: Heir, b: Heir): boolean {
  return (
    a.heirId === b.heirId &&
    a.fullName === b.fullName &&
    a.relationship === b.relationship &&
    a.birthDate === b.birthDate &&
    a.nik === b.nik
  );
}

function requireMember(state: MemberState): void {
  if (!state.exists) throw new DomainError('not_found', 'MEMBER_NOT_FOUND', 'The member is not enrolled');
}

function enroll(command: EnrollMember, state: MemberState): MemberEvent[] {
  const { data, policy = {} } = command;
  const lapseMonths = policy.lapseMonths ?? DEFAULT_LAPSE_MONTHS;
  if (!isIsoDate(data.today))
    throw DomainError.validation([{ field: 'today', message: 'must be a valid date' }]);
  const errors = [
    ...validateEnrollment(data, {
      minimumMonthlyIncome: policy.minimumMonthlyIncome,
      maximumMonthlyIncome: policy.maximumMonthlyIncome,
      today: data.today,
    }),
    ...(Array.isArray(data.heirs) ? heirIdErrors(data.heirs) : []),
  ];
  if (errors.length > 0) throw DomainError.validation(errors);

  const particulars: MemberParticulars = {
    nik: data.nik,
    fullName: data.fullName.trim(),
    birthDate: data.birthDate,
    sex: data.sex,
    village: data.village.trim(),
    subdistrict: data.subdistrict.trim(),
    occupation: data.occupation.trim(),
    p3keDesil: data.p3keDesil,
    declaredMonthlyIncome: declaredIncomeOf(data),
  };

  if (!state.exists) {
    return [
      {
        type: 'MemberEnrolled',
        data: {
          memberId: data.memberId,
          ...particulars,
          coverageStart: data.coverageStart,
          membershipNo: 1,
          heirs: data.heirs,
          enrolledOn: data.today,
        },
      },
    ];
  }

  // docs/benefit-rules.md "Members": one person, one membership; docs/benefit-rules.md "Contributions and coverage": a lapsed person may be re-enrolled.
  if (data.nik !== state.nik) {
    throw new DomainError('conflict', 'NIK_MISMATCH', 'The member stream belongs to another NIK', {
      memberId: state.memberId,
    });
  }
  if (state.deceasedOn !== undefined) {
    throw new DomainError('conflict', 'MEMBER_DECEASED', `The member died on ${state.deceasedOn}`, {
      memberId: state.memberId,
      deceasedOn: state.deceasedOn,
    });
  }
  const status = memberStatusOn(state, data.today, lapseMonths);
  if (status.status !== 'LAPSED' || status.lapsedOn === undefined) {
    throw new DomainError('conflict', 'MEMBER_ALREADY_ENROLLED', 'This NIK is already enrolled', {
      memberId: state.memberId,
    });
  }
  if (data.coverageStart < status.lapsedOn) {
    // Two memberships never overlap: a claim date always belongs to at most one of them.
    throw DomainError.validation([
      {
        field: 'coverageStart',
        message: `must be on or after ${status.lapsedOn}, when the previous membership lapsed`,
      },
    ]);
  }
  return [
    {
      type: 'MemberReEnrolled',
      data: {
        memberId: state.memberId,
        ...particulars,
        coverageStart: data.coverageStart,
        membershipNo: state.membershipNo + 1,
        heirs: data.heirs.length > 0 ? data.heirs : state.heirs,
        reEnrolledOn: data.today,
        previousMembershipLapsedOn: status.lapsedOn,
      },
    },
  ];
}

function registerHeir(command: RegisterHeir, state: MemberState): MemberEvent[] {
  requireMember(state);
  const { heir } = command.data;
  const errors = validateHeir(heir, 'heir');
  if (typeof heir?.heirId !== 'string' || heir.heirId.trim() === '') {
    errors.push({ field: 'heir.heirId', message: 'must be a non-empty string' });
  }
  if (errors.length > 0) throw DomainError.validation(errors);
  const existing = state.heirs.find((h) => h.heirId === heir.heirId);
  if (existing) {
    if (sameHeir(existing, heir)) return []; // a retry of the same registration
    throw new DomainError(
      'conflict',
      'HEIR_ALREADY_REGISTERED',
      `Heir ${heir.heirId} is already registered`,
      {
        heirId: heir.heirId,
      },
    );
  }
  return [{ type: 'HeirRegistered', data: { memberId: state.memberId, heir } }];
}

function recordContributionMonth(command: RecordContributionMonth, state: MemberState): MemberEvent[] {
  requireMember(state);
  const { data, policy = {} } = command;
  const errors: FieldError[] = [];
  if (!isIsoMonth(data.period)) errors.push({ field: 'period', message: 'must be a month (YYYY-MM)' });
  if (!isIsoDate(data.paidOn)) errors.push({ field: 'paidOn', message: 'must be a valid date (YYYY-MM-DD)' });
  if (typeof data.paymentId !== 'string' || data.paymentId === '') {
    errors.push({ field: 'paymentId', message: 'must be a non-empty string' });
  }
  if (errors.length > 0) throw DomainError.validation(errors);

  const decision = contributionMonthDecision(state, data.period, data.paidOn, policy.lapseMonths);
  if (decision === 'ALREADY_PAID') return []; // docs/benefit-rules.md "Contributions and coverage": a member-month is paid at most once
  if (decision === 'NOT_ACTIVE') {
    throw new DomainError(
      'not_allowed',
      'MEMBERSHIP_NOT_ACTIVE',
      `The membership is not active for ${data.period} as of ${data.paidOn}`,
      { memberId: state.memberId, period: data.period, lapsedOn: lapseDateOf(state, policy.lapseMonths) },
    );
  }
  const { jkk, jkm, total } = contributionFor(
    state.declaredMonthlyIncome,
    policy.contributionRates ?? DEFAULT_CONTRIBUTION_RATES,
  );
  return [
    {
      type: 'ContributionMonthPaid',
      data: {
        memberId: state.memberId,
        period: data.period,
        paidOn: data.paidOn,
        paymentId: data.paymentId,
        membershipNo: state.membershipNo,
        amount: total,
        jkk,
        jkm,
      },
    },
  ];
}

function recordDeath(command: RecordDeath, state: MemberState): MemberEvent[] {
  requireMember(state);
  const { dateOfDeath, claimId } = command.data;
  const errors: FieldError[] = [];
  if (!isIsoDate(dateOfDeath))
    errors.push({ field: 'dateOfDeath', message: 'must be a valid date (YYYY-MM-DD)' });
  if (typeof claimId !== 'string' || claimId === '')
    errors.push({ field: 'claimId', message: 'is required' });
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.deceasedOn !== undefined) {
    // docs/benefit-rules.md "Claims": death happens once; recording the same approved claim again is a retry.
    if (state.deathClaimId === claimId) return [];
    throw new DomainError('conflict', 'DUPLICATE_CLAIM', `The member's death was already recorded`, {
      memberId: state.memberId,
      deceasedOn: state.deceasedOn,
      claimId: state.deathClaimId,
    });
  }
  return [{ type: 'MemberDeceased', data: { memberId: state.memberId, dateOfDeath, claimId } }];
}

export function decideMember(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'EnrollMember':
      return enroll(command, state);
    case 'RegisterHeir':
      return registerHeir(command, state);
    case 'RecordContributionMonth':
      return recordContributionMonth(command, state);
    case 'RecordDeath':
      return recordDeath(command, state);
    case 'ReverseContributionMonth':
    case 'CorrectMember':
      return decideMemberCorrection(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('validation', 'UNKNOWN_COMMAND', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const memberDecider: Decider<MemberCommand, MemberEvent, MemberState> = {
  initialState: initialMemberState,
  evolve: evolveMember,
  decide: decideMember,
};
