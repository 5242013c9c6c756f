import { ReassessClaim } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { ClaimState, isClaim } from '../claim.state';
import { Assessment } from '../claim.types';
import { ClaimRules, OPEN_STATUSES, requireDate, requireMemberOf } from './decide-support';

/** Two assessments propose the same: eligibility, reasons, lines and schedule alike. */
export function sameAssessment(a: Assessment, b: Assessment): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with keys in a fixed order: a stored event (jsonb) may give them back reordered. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * A late fact re-assesses an undecided claim (docs/benefit-rules.md "Late facts"). Idempotent: a
 * fact at or before the last one applied is a no-op, the same assessment writes nothing, and the
 * event id is the fact's position and the claim's, so a replay after a crash re-assesses once.
 * A first approval given on the old assessment is void: the claim is ASSESSED again.
 */
export function reassessClaim(rules: ClaimRules, { data }: ReassessClaim, state: ClaimState): ClaimEvent[] {
  // A lodged id whose stream was never written, or a decided claim: nothing to re-assess.
  if (!isClaim(state) || !OPEN_STATUSES.includes(state.status)) return [];
  if (state.lateFactPosition !== undefined && state.lateFactPosition >= data.fact.position) return [];
  // A member fact the last assessment already read (e.g. a payment before the submission).
  const seen = state.assessedMemberRevision;
  if (data.fact.memberRevision !== undefined && seen !== undefined && seen >= data.fact.memberRevision)
    return [];
  const today = requireDate(data.today, 'today');
  requireMemberOf(data.context, state.memberId);
  const assessed = rules.assessed(state, data.context, today, 'LATE_FACT', data.by, data.at);
  if (sameAssessment(assessed.data.assessment, state.assessment)) return [];
  return [
    {
      ...assessed,
      id: `${state.claimId}:reassessed:${data.fact.position}`,
      data: { ...assessed.data, fact: data.fact },
    },
  ];
}
