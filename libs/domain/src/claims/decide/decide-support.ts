import { DomainError } from '../../shared/domain-error';
import { IsoDate, dateInJakarta, isIsoDate } from '../../shared/dates';
import { ScheduleVersion } from '../../schedule/schedule.types';
import { AssessmentTrigger, ClaimAssessed, ClaimEvent } from '../claim.events';
import { ClaimContext } from '../claim.commands';
import { Claim, ClaimState, isClaim } from '../claim.state';
import { ClaimStatus } from '../claim.types';

/** Roles (docs/api.md): `admin` does everything. */
export const ROLES = {
  adjudicator: 'adjudicator',
  supervisor: 'supervisor',
  admin: 'admin',
} as const;

export const OPEN_STATUSES: readonly ClaimStatus[] = [
  'ASSESSED',
  'DOCUMENTS_REQUESTED',
  'AWAITING_SECOND_APPROVAL',
];

/** What every command of the claim decider is given besides its own data. */
export interface ClaimRules {
  /** Process policies (four eyes, service level) follow the version in force on the day of the action. */
  policyOn(day: IsoDate): ScheduleVersion;
  /** A fresh assessment of the claim with the given context, as an event. */
  assessed(
    state: Claim,
    context: ClaimContext,
    today: IsoDate,
    trigger: AssessmentTrigger,
    by: string,
    at: string,
    overrides?: Partial<Pick<Claim, 'request' | 'workRelation'>>,
  ): ClaimAssessed;
}

export type ClaimCommandHandler<C> = (rules: ClaimRules, command: C, state: ClaimState) => ClaimEvent[];

export function requireClaim(state: ClaimState): asserts state is Claim {
  if (!isClaim(state)) throw new DomainError('not_found', 'CLAIM_NOT_FOUND', 'No such claim');
}

export function requireStatus(
  state: ClaimState,
  allowed: readonly ClaimStatus[],
  action: string,
): asserts state is Claim {
  requireClaim(state);
  if (!allowed.includes(state.status))
    throw new DomainError(
      'not_allowed',
      'NOT_ALLOWED_IN_STATUS',
      `A claim that is ${state.status} cannot be ${action} (allowed when ${allowed.join(' or ')})`,
      { status: state.status, allowed: [...allowed] },
    );
}

/** The role a person acts in: the first of `preferred` they hold, else `admin` if they hold it. */
export function actingRole(
  roles: readonly string[] | undefined,
  preferred: readonly string[],
): string | undefined {
  return [...preferred, ROLES.admin].find((r) => roles?.includes(r));
}

export function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw DomainError.validation([{ field, message: 'must be a date YYYY-MM-DD' }]);
  return value;
}

/** The Asia/Jakarta date of an instant (docs/api.md: "today" is the date in Asia/Jakarta). */
export function dayOf(at: string): IsoDate {
  const t = Date.parse(at);
  if (Number.isNaN(t))
    throw DomainError.validation([{ field: 'at', message: 'must be an ISO 8601 instant' }]);
  return dateInJakarta(new Date(t));
}

export function requireMemberOf(context: ClaimContext, memberId: string): void {
  if (!context.member.exists || context.member.memberId !== memberId)
    throw new DomainError('not_found', 'MEMBER_NOT_FOUND', `Member ${memberId} is not enrolled`, {
      memberId,
    });
}
