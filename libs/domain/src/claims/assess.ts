import { coverageOn } from '../members';
import { IsoDate, addYears } from '../shared/dates';
import { scheduleFor } from '../schedule/schedule';
import {
  AssessmentContext,
  finish,
  isCounted,
  knownDateOfDeath,
  reason,
  Reasons,
  resolveSchedule,
} from './assessment-support';
import { benefitModule } from './benefits';
import { Assessment, workRelationOf } from './claim.types';

export type { AssessmentContext } from './assessment-support';
export { ageOn, deathDateOf, knownDateOfDeath } from './assessment-support';

/**
 * Assesses one claim against the rules of docs/benefit-rules.md "Claims" with the schedule version in force on its
 * incident date. Pure: every date is an input. Reports every failed rule, not just the first;
 * an ineligible assessment has no payable lines.
 */
export function assessClaim(ctx: AssessmentContext): Assessment {
  const lookup = ctx.schedule ?? ((d: IsoDate) => scheduleFor(d));
  const others = ctx.otherClaims.filter(
    (c) => c.claimId !== ctx.claimId && c.memberId === ctx.member.memberId,
  );
  const benefit = benefitModule(ctx.request.benefit);
  if (benefit.assess) return benefit.assess(ctx, others, lookup);

  const { request, member, assessedOn } = ctx;
  if (!request.incidentDate) throw new RangeError(`${request.benefit} needs an incidentDate`);
  const incidentDate = request.incidentDate;
  const reportedOn = request.reportedOn ?? assessedOn;
  const reasons: Reasons = [];
  const schedule = resolveSchedule(incidentDate, lookup);
  if (!schedule) {
    reasons.push(
      reason(
        'NOT_COVERED',
        `no benefit schedule is in force on ${incidentDate}: the programme had not begun`,
      ),
    );
    return finish(reasons, [], undefined);
  }

  const coverage = coverageOn(member, incidentDate, assessedOn, schedule.membership.lapseMonths);
  if (!coverage.covered)
    reasons.push(reason(coverage.reason, `Not covered on ${incidentDate}: ${coverage.message}`));

  const deadline = addYears(incidentDate, schedule.claims.deadline.years);
  if (reportedOn > deadline)
    reasons.push(
      reason(
        'TIME_BARRED',
        `Reported on ${reportedOn}, more than ${schedule.claims.deadline.years} years after the incident on ${incidentDate} (last admissible day ${deadline}; ${schedule.claims.deadline.basis})`,
      ),
    );

  const isDeath = benefit.death;
  if (isDeath) {
    const earlier = others.find((c) => benefitModule(c.benefit).death && isCounted(c));
    if (earlier)
      reasons.push(
        reason(
          'DUPLICATE_CLAIM',
          `Death happens once: death claim ${earlier.claimId} (${earlier.benefit}, ${earlier.status}) exists for this member`,
        ),
      );
    else if (member.deceasedOn && member.deathClaimId !== ctx.claimId)
      reasons.push(
        reason(
          'DUPLICATE_CLAIM',
          `Death happens once: the member's death on ${member.deceasedOn} was already paid`,
        ),
      );
  }
  const diedOn = knownDateOfDeath(member, others);
  if (diedOn && incidentDate > diedOn)
    reasons.push(
      reason('MEMBER_DECEASED', `The incident on ${incidentDate} is after the member's death on ${diedOn}`),
    );

  if (benefit.workAccident) {
    const relation = ctx.workRelationDecision ?? workRelationOf(request) ?? 'CONFIRMED';
    if (relation === 'NOT_WORK_RELATED')
      reasons.push(reason('NOT_WORK_RELATED', 'Decided not to be a work accident: JKK benefits need one'));
    else if (relation === 'SUSPECTED' && request.benefit !== 'JKK_MEDICAL')
      reasons.push(
        reason(
          'NOT_WORK_RELATED',
          `The work relation is only suspected: a suspected work accident is covered for medical care first; ${request.benefit} waits for the work-relation decision (${schedule.claims.workRelationDecision.basis})`,
        ),
      );
  }

  const lines = benefit.lines(ctx, schedule, reasons);
  return finish(reasons, lines, schedule);
}
