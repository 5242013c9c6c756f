import { contributionMonthsBefore } from '../../members';
import { isIsoDate, IsoDate } from '../../shared/dates';
import { SCHOLARSHIP_LEVELS, ScheduleLookup } from '../../schedule/schedule.types';
import {
  AssessmentContext,
  ageOn,
  deathDateOf,
  finish,
  isCounted,
  reason,
  Reasons,
  resolveSchedule,
} from '../assessment-support';
import {
  APPROVED_STATUSES,
  Assessment,
  ClaimRecord,
  ClaimRequest,
  heirCertificateOf,
  Payee,
  requestFor,
  ScholarshipRequest,
} from '../claim.types';
import { findRegisteredChild, sameName } from '../heirs';
import { rupiah } from '../money';
import { BenefitModule, certificateErrors, RequestFields } from './benefit-module';
import { isOneOf, nonEmptyString, parseAcademicYear } from './field-rules';

/** Scholarship for a member's children, judged on an approved basis claim (PP 82/2019; PP 44/2015 before). */
export const SCHOLARSHIP: BenefitModule = {
  benefit: 'SCHOLARSHIP',
  death: false,
  workAccident: false,
  coveredWhileSuspected: false,
  fields: ['basisClaimId', 'child', 'level', 'academicYear', 'married', 'employed', 'heirCertificate'],
  validate: validateScholarship,
  lines: () => [],
  assess: assessScholarship,
};

const disabilityOf = (request: ClaimRequest) =>
  request.benefit === 'JKK_PERMANENT_DISABILITY' ? request.disability : undefined;

/** Another claim's scholarship request (undefined for other benefits). */
const scholarshipOf = (claim: ClaimRecord): ScholarshipRequest | undefined =>
  claim.request.benefit === 'SCHOLARSHIP' ? claim.request : undefined;

function validateScholarship({ r, err }: RequestFields): void {
  certificateErrors(r, err);
  if (!nonEmptyString(r.basisClaimId)) err('basisClaimId', 'is required for SCHOLARSHIP');
  const child = r.child;
  if (typeof child !== 'object' || child === null)
    err('child', 'is required for SCHOLARSHIP: {fullName, birthDate}');
  else {
    const c = child as Record<string, unknown>;
    if (!nonEmptyString(c.fullName)) err('child.fullName', 'is required');
    if (!isIsoDate(c.birthDate)) err('child.birthDate', 'is required (YYYY-MM-DD)');
  }
  if (!isOneOf(SCHOLARSHIP_LEVELS, r.level)) err('level', `must be one of ${SCHOLARSHIP_LEVELS.join(', ')}`);
  if (!parseAcademicYear(r.academicYear))
    err('academicYear', 'must be two consecutive years "YYYY/YYYY", e.g. "2025/2026"');
  for (const flag of ['married', 'employed'])
    if (r[flag] !== undefined && r[flag] !== null && typeof r[flag] !== 'boolean')
      err(flag, 'must be true or false');
}

const SCHOLARSHIP_BASES =
  'an approved JKK_DEATH, an approved TOTAL JKK_PERMANENT_DISABILITY or an approved JKM_DEATH';

/**
 * Scholarship (docs/benefit-rules.md "Claims"): coverage, the deadline and MEMBER_DECEASED were judged on the basis
 * claim when it was approved; the schedule is the one in force on the basis claim's incident.
 */
function assessScholarship(
  ctx: AssessmentContext,
  others: readonly ClaimRecord[],
  lookup: ScheduleLookup,
): Assessment {
  const { member, assessedOn } = ctx;
  const request = requestFor(ctx.request, 'SCHOLARSHIP');
  const reasons: Reasons = [];
  const basis = ctx.basisClaim;
  const basisDisability = basis && disabilityOf(basis.request);
  const basisProblem = !request.basisClaimId
    ? 'no basis claim is named'
    : !basis || basis.claimId !== request.basisClaimId
      ? `basis claim ${request.basisClaimId} does not exist`
      : basis.memberId !== member.memberId
        ? `basis claim ${basis.claimId} is another member's`
        : !APPROVED_STATUSES.includes(basis.status)
          ? `basis claim ${basis.claimId} is ${basis.status}, not approved`
          : !(
                basis.benefit === 'JKK_DEATH' ||
                basis.benefit === 'JKM_DEATH' ||
                (basis.benefit === 'JKK_PERMANENT_DISABILITY' && basisDisability === 'TOTAL')
              )
            ? `basis claim ${basis.claimId} is a ${basis.benefit}${basisDisability ? ` (${basisDisability})` : ''}`
            : undefined;

  const basisIncident = basis?.request.incidentDate ?? request.incidentDate ?? assessedOn;
  const schedule = resolveSchedule(basisIncident, lookup);
  if (basisProblem || !basis) {
    reasons.push(
      reason(
        'NO_ENTITLEMENT',
        `No scholarship entitlement: ${basisProblem}; the basis must be ${SCHOLARSHIP_BASES}`,
      ),
    );
    return finish(reasons, [], schedule);
  }
  if (!schedule) {
    reasons.push(reason('NOT_COVERED', `no benefit schedule is in force on ${basisIncident}`));
    return finish(reasons, [], undefined);
  }
  const rule = schedule.scholarship;

  if (basis.benefit === 'JKM_DEATH') {
    const diedOn = deathDateOf(basis.request) ?? basisIncident;
    const months = contributionMonthsBefore(member, diedOn, assessedOn);
    if (months < rule.jkmMinContributionMonths)
      reasons.push(
        reason(
          'MIN_CONTRIBUTION_PERIOD',
          `A JKM scholarship needs at least ${rule.jkmMinContributionMonths} contribution months before death; the member had ${months} before ${diedOn} (${rule.basis})`,
        ),
      );
  }

  const child = request.child;
  if (!child) throw new RangeError('SCHOLARSHIP needs a child');
  // A CHILD registered, or on the basis claim's (or this claim's) heir certificate.
  const certificates = [heirCertificateOf(basis), ctx.heirCertificate ?? heirCertificateOf({ request })];
  const certified = certificates.flatMap((c) => c?.heirs ?? []);
  if (!findRegisteredChild([...member.heirs, ...certified], child.fullName, child.birthDate))
    reasons.push(
      reason(
        'CLAIMANT_NOT_ENTITLED',
        `${child.fullName} (born ${child.birthDate}) is not a CHILD among the member's heirs, registered or on the basis claim's heir certificate`,
      ),
    );

  const scholarships = others.flatMap((c) => {
    const r = scholarshipOf(c);
    return r && isCounted(c) ? [{ claimId: c.claimId, request: r }] : [];
  });
  const sameChild = (c: { request: ScholarshipRequest }) =>
    !!c.request.child &&
    c.request.child.birthDate === child.birthDate &&
    sameName(c.request.child.fullName, child.fullName);
  const payee: Payee = { kind: 'HEIR', name: request.claimant?.fullName ?? child.fullName };

  if (rule.kind === 'ONE_OFF_PER_MEMBER') {
    const earlier = scholarships[0];
    if (earlier)
      reasons.push(
        reason(
          'DUPLICATE_CLAIM',
          `Under ${schedule.version} the scholarship is one-off per member: claim ${earlier.claimId} exists`,
        ),
      );
    return finish(
      reasons,
      [
        {
          code: 'SCHOLARSHIP',
          description: `Scholarship (one-off per member) for ${child.fullName}`,
          amount: rule.amount,
          payee,
          basis: `fixed ${rupiah(rule.amount)} per member; ${rule.basis}`,
        },
      ],
      schedule,
    );
  }

  const childKey = (c: { fullName: string; birthDate: IsoDate }) =>
    `${c.birthDate}|${c.fullName.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id-ID')}`;
  const otherChildren = new Set(
    scholarships.flatMap((c) => (c.request.child && !sameChild(c) ? [childKey(c.request.child)] : [])),
  );
  if (!scholarships.some(sameChild) && otherChildren.size >= rule.maxChildren)
    reasons.push(
      reason(
        'SCHOLARSHIP_CHILD_LIMIT',
        `At most ${rule.maxChildren} children of a member receive a scholarship; ${otherChildren.size} already do (${rule.basis})`,
      ),
    );

  const academicYear = request.academicYear ?? '';
  const duplicate = scholarships.find((c) => sameChild(c) && c.request.academicYear === academicYear);
  if (duplicate)
    reasons.push(
      reason(
        'DUPLICATE_CLAIM',
        `A scholarship for ${child.fullName} for ${academicYear} was already claimed (${duplicate.claimId})`,
      ),
    );

  const level = request.level;
  if (!level) throw new RangeError('SCHOLARSHIP needs a level');
  const levelRule = rule.levels[level];
  const yearsAtLevel = new Set(
    scholarships
      .filter((c) => sameChild(c) && c.request.level === level && c.request.academicYear !== academicYear)
      .map((c) => c.request.academicYear),
  ).size;
  if (yearsAtLevel >= levelRule.maxYears)
    reasons.push(
      reason(
        'SCHOLARSHIP_LEVEL_LIMIT',
        `${level} is paid for at most ${levelRule.maxYears} years; ${child.fullName} has ${yearsAtLevel} (${rule.basis})`,
      ),
    );

  const year = parseAcademicYear(academicYear);
  if (!year) throw new RangeError(`Bad academic year ${academicYear}`);
  const referenceDay = `${year.startYear}-${rule.ageReferenceDay}`;
  const age = ageOn(child.birthDate, referenceDay);
  if (age >= rule.ageLimit)
    reasons.push(
      reason(
        'SCHOLARSHIP_AGE_LIMIT',
        `${child.fullName} is ${age} on ${referenceDay}, the start of ${academicYear}: the scholarship ends at ${rule.ageLimit} (${rule.basis})`,
      ),
    );
  if (request.married || request.employed)
    reasons.push(
      reason(
        'SCHOLARSHIP_ENDED',
        `The scholarship ends when the child ${[request.married && 'marries', request.employed && 'is employed'].filter(Boolean).join(' and ')} (${rule.basis})`,
      ),
    );

  return finish(
    reasons,
    [
      {
        code: 'SCHOLARSHIP',
        description: `Scholarship ${level} ${academicYear} for ${child.fullName}`,
        amount: levelRule.perYear,
        payee,
        basis: `${level}: ${rupiah(levelRule.perYear)} a year for at most ${levelRule.maxYears} years; ${rule.basis}`,
      },
    ],
    schedule,
  );
}
