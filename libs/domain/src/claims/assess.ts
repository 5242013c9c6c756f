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
import { accidentWorkRelation } from './accident';
import { accidentOf } from './benefits/per-accident';
import { Assessment } from './claim.types';

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

  // JKK claims and JKM claims may expire at different ages (PP 44/2015: JKK after 2 years).
  const rule = benefit.workAccident ? schedule.claims.deadline : schedule.claims.jkmDeadline;
  const deadline = addYears(incidentDate, rule.years);
  if (reportedOn > deadline)
    reasons.push(
      reason(
        'TIME_BARRED',
        `Reported on ${reportedOn}, more than ${rule.years} years after the incident on ${incidentDate} (last admissible day ${deadline}; ${rule.basis})`,
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
    const relation = accidentWorkRelation(request, ctx.workRelationDecision, accidentOf(ctx));
    if (relation.status === 'NOT_WORK_RELATED')
      reasons.push(
        reason(
          'NOT_WORK_RELATED',
          `Decided not to be a work accident (${relation.why}): JKK benefits need one`,
        ),
      );
    else if (relation.status === 'SUSPECTED' && !benefit.coveredWhileSuspected)
      reasons.push(
        reason(
          'WORK_RELATION_PENDING',
          `The work relation is only suspected (${relation.why}): a suspected work accident is covered for medical care and home care first; ${request.benefit} waits for the work-relation decision (${schedule.claims.workRelationDecision.basis})`,
        ),
      );
  }

  const lines = benefit.lines(ctx, schedule, reasons);
  return finish(reasons, lines, schedule);
}
