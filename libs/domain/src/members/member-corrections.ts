/**
 * Corrections of a member's ledger (docs/benefit-rules.md "Corrections"): a reversed month and a
 * corrected particular are new events; nothing recorded before is rewritten.
 */
import { DomainError, FieldError } from '../shared/domain-error';
import { IsoDate, IsoMonth } from '../shared/dates';
import { textFieldErrors } from '../shared/text';
import { ContributionRates, contributionFor, DEFAULT_CONTRIBUTION_RATES } from './contribution-amount';
import { validateEnrollment } from './enrollment';
import { CorrectableParticulars, MemberEvent } from './member.events';
import { MemberState } from './member.types';

export type ReverseContributionMonth = {
  type: 'ReverseContributionMonth';
  data: { period: IsoMonth; paymentId: string; reversalId: string; reason: string };
  policy?: { contributionRates?: ContributionRates };
};

export type CorrectMember = {
  type: 'CorrectMember';
  data: {
    changes: Partial<Record<keyof CorrectableParticulars, unknown>>;
    reason: string;
    actor: string;
    at: string;
    today?: IsoDate;
  };
};

export type MemberCorrectionCommand = ReverseContributionMonth | CorrectMember;

export const CORRECTABLE_FIELDS: readonly (keyof CorrectableParticulars)[] = [
  'fullName',
  'nik',
  'birthDate',
  'sex',
  'village',
  'subdistrict',
  'occupation',
  'p3keDesil',
];

function requireMember(state: MemberState): void {
  if (!state.exists) throw new DomainError('not_found', 'MEMBER_NOT_FOUND', 'The member is not enrolled');
}

/** The contribution of one month for this member (what its reversal takes back). */
export function monthlyContributionOf(state: MemberState, rates?: ContributionRates): number {
  return contributionFor(state.declaredMonthlyIncome, rates ?? DEFAULT_CONTRIBUTION_RATES).total;
}

function reverseMonth(command: ReverseContributionMonth, state: MemberState): MemberEvent[] {
  requireMember(state);
  const { period, paymentId, reversalId, reason } = command.data;
  const paid = state.paidMonths.some((m) => m.period === period && m.paymentId === paymentId);
  if (!paid) return []; // already reversed (a resumed run), or paid by another payment
  return [
    {
      type: 'ContributionMonthReversed',
      data: {
        memberId: state.memberId,
        period,
        paymentId,
        reversalId,
        membershipNo: state.membershipNo,
        amount: monthlyContributionOf(state, command.policy?.contributionRates),
        reason,
      },
    },
  ];
}

function correct(command: CorrectMember, state: MemberState): MemberEvent[] {
  requireMember(state);
  const { changes, reason, actor, at, today } = command.data;
  const errors: FieldError[] = [...textFieldErrors(reason, 'reason', { maxLength: 2000 })];
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw DomainError.validation([...errors, { field: 'changes', message: 'must be an object' }]);
  }
  const unknown = Object.keys(changes).filter((k) => !(CORRECTABLE_FIELDS as readonly string[]).includes(k));
  unknown.forEach((k) => errors.push({ field: `changes.${k}`, message: 'cannot be corrected' }));
  const given = CORRECTABLE_FIELDS.filter((f) => changes[f] !== undefined);
  if (given.length === 0) errors.push({ field: 'changes', message: 'must change at least one field' });
  // The member as corrected must pass every enrollment rule (the NIK matching birthDate and sex).
  const merged = { ...state, ...Object.fromEntries(given.map((f) => [f, changes[f]])) };
  const checked = new Set<string>(given);
  if (given.some((f) => f === 'nik' || f === 'birthDate' || f === 'sex')) checked.add('nik');
  for (const e of validateEnrollment({ ...merged, heirs: undefined }, { today })) {
    if (checked.has(e.field)) errors.push({ ...e, field: `changes.${e.field}` });
  }
  if (errors.length > 0) throw DomainError.validation(errors);
  const trimmed = (f: keyof CorrectableParticulars): unknown =>
    typeof changes[f] === 'string' && f !== 'nik' ? (changes[f] as string).trim() : changes[f];
  const changed = given.filter((f) => trimmed(f) !== state[f]);
  if (changed.length === 0) return []; // nothing differs: a retry of the same correction
  return [
    {
      type: 'MemberCorrected',
      data: {
        memberId: state.memberId,
        changes: Object.fromEntries(changed.map((f) => [f, trimmed(f)])),
        previous: Object.fromEntries(changed.map((f) => [f, state[f]])),
        reason: reason.trim(),
        correctedBy: actor,
        at,
      },
    },
  ];
}

export function decideMemberCorrection(command: MemberCorrectionCommand, state: MemberState): MemberEvent[] {
  return command.type === 'ReverseContributionMonth' ? reverseMonth(command, state) : correct(command, state);
}
