import { contributionMonthsBefore, coverageOn } from '../members';
import { MemberState } from '../members/member.types';
import { IsoDate, addDays, addMonthsToDate, addYears, daysBetween } from '../shared/dates';
import { periodicTotal, scheduleFor } from '../schedule/schedule';
import { ScheduleLookup, ScheduleVersion } from '../schedule/schedule.types';
import {
  APPROVED_STATUSES,
  Assessment,
  AssessmentLine,
  AssessmentReason,
  ClaimRecord,
  ClaimRequest,
  DEATH_BENEFITS,
  JKK_BENEFITS,
  Payee,
  ReasonCode,
  WorkRelationDecision,
} from './claim.types';
import { HEIRS_BASIS, entitledRelationships, findRegisteredChild, heirClassOf, sameName } from './heirs';
import { checkedAmount, roundHalfUpRatio, rupiah } from './money';
import { parseAcademicYear } from './validate-claim-request';

export interface AssessmentContext {
  /** The claim request; `reportedOn` defaults to `assessedOn`. */
  request: ClaimRequest;
  member: MemberState;
  /** The member's other claims, any status (the claim itself is ignored if listed). */
  otherClaims: readonly ClaimRecord[];
  /** SCHOLARSHIP: the claim named by `request.basisClaimId`, when it exists. */
  basisClaim?: ClaimRecord;
  /** The day of the assessment: contributions count when paid by then. */
  assessedOn: IsoDate;
  /** The claim being assessed, so a re-assessment does not count it against itself. */
  claimId?: string;
  /** A recorded work-relation decision for a claim submitted as SUSPECTED. */
  workRelationDecision?: WorkRelationDecision;
  schedule?: ScheduleLookup;
}

const NO_SCHEDULE = 'NONE';

type Reasons = AssessmentReason[];

function reason(code: ReasonCode, message: string): AssessmentReason {
  return { code, message };
}

function isCounted(claim: ClaimRecord): boolean {
  // API.md: rejected claims never count; pending and approved ones do.
  return claim.status !== 'REJECTED';
}

/** The date of death a death claim asserts (JKM: the incident is the death). */
export function deathDateOf(request: ClaimRequest): IsoDate | undefined {
  if (request.benefit === 'JKK_DEATH') return request.dateOfDeath;
  if (request.benefit === 'JKM_DEATH') return request.dateOfDeath ?? request.incidentDate;
  return undefined;
}

/** Death happens once: the member's recorded death, or that of an approved death claim. */
export function knownDateOfDeath(
  member: MemberState,
  otherClaims: readonly ClaimRecord[],
): IsoDate | undefined {
  const dates = otherClaims
    .filter((c) => DEATH_BENEFITS.includes(c.benefit) && APPROVED_STATUSES.includes(c.status))
    .map((c) => deathDateOf(c.request))
    .filter((d): d is IsoDate => d !== undefined);
  if (member.deceasedOn) dates.push(member.deceasedOn);
  return dates.length ? dates.sort()[0] : undefined;
}

/** Whole years of age on `date`. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function resolveSchedule(date: IsoDate, lookup: ScheduleLookup): ScheduleVersion | undefined {
  try {
    return lookup(date);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

function finish(
  reasons: Reasons,
  lines: AssessmentLine[],
  schedule: ScheduleVersion | undefined,
): Assessment {
  // NO_HEIR explains the lines that are not payable; it does not make the claim ineligible.
  const eligible = reasons.every((r) => r.code === 'NO_HEIR');
  const payable = eligible ? lines : [];
  return {
    eligible,
    reasons,
    lines: payable,
    total: checkedAmount(
      payable.reduce((sum, l) => sum + l.amount, 0),
      'The total of the assessment',
    ),
    scheduleVersion: schedule?.version ?? NO_SCHEDULE,
  };
}

/**
 * Assesses one claim against the rules of DOMAIN.md 3 with the schedule version in force on its
 * incident date. Pure: every date is an input. Reports every failed rule, not just the first;
 * an ineligible assessment has no payable lines.
 */
export function assessClaim(ctx: AssessmentContext): Assessment {
  const lookup = ctx.schedule ?? ((d: IsoDate) => scheduleFor(d));
  const others = ctx.otherClaims.filter(
    (c) => c.claimId !== ctx.claimId && c.memberId === ctx.member.memberId,
  );
  if (ctx.request.benefit === 'SCHOLARSHIP') return assessScholarship(ctx, others, lookup);

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

  const isDeath = DEATH_BENEFITS.includes(request.benefit);
  if (isDeath) {
    const earlier = others.find((c) => DEATH_BENEFITS.includes(c.benefit) && isCounted(c));
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

  if (JKK_BENEFITS.includes(request.benefit)) {
    const relation = ctx.workRelationDecision ?? request.workRelation ?? 'CONFIRMED';
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

  const lines = benefitLines(ctx, schedule, reasons);
  return finish(reasons, lines, schedule);
}

function memberPayee(member: MemberState): Payee {
  return { kind: 'MEMBER', name: member.fullName };
}

function benefitLines(ctx: AssessmentContext, s: ScheduleVersion, reasons: Reasons): AssessmentLine[] {
  const { request, member } = ctx;
  const income = member.declaredMonthlyIncome;
  switch (request.benefit) {
    case 'JKK_MEDICAL':
      return [medicalLine(ctx, s)];
    case 'JKK_TEMPORARY_INCAPACITY':
      return temporaryIncapacityLines(request, income, s, memberPayee(member));
    case 'JKK_PERMANENT_DISABILITY':
      return disabilityLines(request, income, s, memberPayee(member));
    case 'JKK_DEATH': {
      const t = s.jkk;
      const formulaAmount = checkedAmount(t.death.incomeMultiplier * income, 'The JKK death benefit');
      const amount = Math.max(formulaAmount, t.death.minimum);
      return deathLines(ctx, reasons, {
        deathBenefit: {
          amount,
          description: `JKK death benefit: max(${t.death.incomeMultiplier} × ${rupiah(income)}, ${rupiah(t.death.minimum)})`,
          basis: `max(${t.death.incomeMultiplier} × income, ${rupiah(t.death.minimum)}); ${t.death.basis}`,
        },
        periodic: t.periodic,
        funeral: t.funeral,
      });
    }
    case 'JKM_DEATH': {
      const t = s.jkm;
      return deathLines(ctx, reasons, {
        deathBenefit: {
          amount: t.deathBenefit.amount,
          description: 'JKM death benefit (lump sum)',
          basis: `fixed ${rupiah(t.deathBenefit.amount)}; ${t.deathBenefit.basis}`,
        },
        periodic: t.periodic,
        funeral: t.funeral,
      });
    }
    case 'SCHOLARSHIP':
      return [];
  }
}

function medicalLine(ctx: AssessmentContext, s: ScheduleVersion): AssessmentLine {
  const { request } = ctx;
  const provider = request.provider ?? '';
  const provisional =
    request.workRelation === 'SUSPECTED' && ctx.workRelationDecision === undefined
      ? ` (provisionally: work relation suspected, decision due by ${addDays(request.reportedOn ?? ctx.assessedOn, s.claims.workRelationDecision.days)})`
      : '';
  return {
    code: 'MEDICAL_CARE',
    description: `Medical care by ${provider}: invoice ${rupiah(request.invoiceAmount ?? 0)}${provisional}`,
    amount: checkedAmount(request.invoiceAmount ?? 0, 'The invoice amount'),
    payee: { kind: 'PROVIDER', name: provider },
    basis: `provider's invoice, as medically needed, no cap; ${s.jkk.medical.basis}`,
  };
}

/**
 * days × income / 30, at the full rate for days before the accident's 12-month anniversary and
 * the reduced rate from it: one line per rate, each rounded half up.
 */
function temporaryIncapacityLines(
  request: ClaimRequest,
  income: number,
  s: ScheduleVersion,
  payee: Payee,
): AssessmentLine[] {
  const rule = s.jkk.temporaryIncapacity;
  const from = request.incapacityFrom;
  const to = request.incapacityTo;
  if (!from || !to || !request.incidentDate) return [];
  const anniversary = addMonthsToDate(request.incidentDate, rule.fullRateMonths);
  const dayBefore = addDays(anniversary, -1);
  const spans: { from: IsoDate; to: IsoDate; rate: number }[] = [
    { from, to: to < dayBefore ? to : dayBefore, rate: rule.fullRatePercent },
    { from: from > anniversary ? from : anniversary, to, rate: rule.reducedRatePercent },
  ];
  return spans
    .map((span) => ({ ...span, days: daysBetween(span.from, span.to) + 1 }))
    .filter((span) => span.days > 0)
    .map((span) => {
      const rateBasisPoints = Math.round(span.rate * 100);
      return {
        code: 'TEMPORARY_INCAPACITY' as const,
        description: `${span.days} days (${span.from} to ${span.to}) × ${rupiah(income)} / ${rule.daysDivisor} at ${span.rate}%`,
        amount: roundHalfUpRatio(
          span.days * income * rateBasisPoints,
          rule.daysDivisor * 10_000,
          'The temporary incapacity benefit',
        ),
        payee,
        basis: `days × income / ${rule.daysDivisor} × ${span.rate}% (${span.rate === rule.fullRatePercent ? `before the ${rule.fullRateMonths}-month anniversary ${anniversary}` : `from the ${rule.fullRateMonths}-month anniversary ${anniversary}`}); ${rule.basis}`,
      };
    });
}

function disabilityLines(
  request: ClaimRequest,
  income: number,
  s: ScheduleVersion,
  payee: Payee,
): AssessmentLine[] {
  const rule = s.jkk.permanentDisability;
  const m = rule.incomeMultiplier;
  if (request.disability === 'TOTAL') {
    const periodic = s.jkk.periodic;
    return [
      {
        code: 'DISABILITY',
        description: `Total permanent disability: ${rule.totalPercent}% × ${m} × ${rupiah(income)}`,
        amount: roundHalfUpRatio(
          Math.round(rule.totalPercent * 100) * m * income,
          10_000,
          'The disability benefit',
        ),
        payee,
        basis: `${rule.totalPercent}% × ${m} × income; ${rule.basis}`,
      },
      {
        code: 'PERIODIC_BENEFIT',
        description: `Periodic benefit ${periodic.months} × ${rupiah(periodic.monthly)}, paid at once`,
        amount: periodicTotal(periodic),
        payee,
        basis: `${periodic.months} × ${rupiah(periodic.monthly)}; ${periodic.basis}`,
      },
    ];
  }
  // Percentages in hundredths of a percent (table % × function lost %), so the sum stays exact.
  const parts = (request.impairments ?? []).map((i) => {
    const table = rule.impairments[i.code];
    if (table === undefined) throw new RangeError(`Impairment ${i.code} is not in schedule ${s.version}`);
    const loss = i.functionLossPercent ?? 100;
    return { code: i.code, table, loss, hundredths: Math.round(table * loss) };
  });
  const sum = parts.reduce((acc, p) => acc + p.hundredths, 0);
  const capped = Math.min(sum, Math.round(rule.partialCapPercent * 100));
  const pct = (h: number) => `${h / 100}%`;
  return [
    {
      code: 'DISABILITY',
      description: `Partial permanent disability ${pct(capped)} (${parts.map((p) => `${p.code} ${p.table}% × ${p.loss}%`).join(' + ')}${sum > capped ? `, capped at ${rule.partialCapPercent}%` : ''}) × ${m} × ${rupiah(income)}`,
      amount: roundHalfUpRatio(capped * m * income, 10_000, 'The disability benefit'),
      payee,
      basis: `sum(table % × function lost %), at most ${rule.partialCapPercent}%, × ${m} × income; ${rule.basis}; ${rule.impairmentsBasis}`,
    },
  ];
}

interface DeathAmounts {
  deathBenefit: { amount: number; description: string; basis: string };
  periodic: ScheduleVersion['jkm']['periodic'];
  funeral: ScheduleVersion['jkm']['funeral'];
}

/**
 * Death benefits go to an heir of the highest class present (PP 44/2015 art. 37). With no
 * registered heir only the funeral benefit is payable, to whoever arranged the burial (NO_HEIR).
 */
function deathLines(ctx: AssessmentContext, reasons: Reasons, a: DeathAmounts): AssessmentLine[] {
  const { member, request } = ctx;
  const claimant = request.claimant;
  if (!claimant) throw new RangeError(`${request.benefit} needs a claimant`);
  const funeral = (payee: Payee): AssessmentLine => ({
    code: 'FUNERAL',
    description: 'Funeral benefit',
    amount: a.funeral.amount,
    payee,
    basis: `fixed ${rupiah(a.funeral.amount)}; ${a.funeral.basis}`,
  });

  if (member.heirs.length === 0) {
    reasons.push(
      reason(
        'NO_HEIR',
        `The member has no registered heir: only the funeral benefit is payable, to ${claimant.fullName} who arranged the burial; DEATH_BENEFIT and PERIODIC_BENEFIT are not payable (${HEIRS_BASIS})`,
      ),
    );
    return [funeral({ kind: 'FUNERAL_ORGANISER', name: claimant.fullName })];
  }

  const entitled = entitledRelationships(member.heirs);
  if (!(entitled as readonly string[]).includes(claimant.relationship)) {
    const cls = heirClassOf(claimant.relationship);
    reasons.push(
      reason(
        'CLAIMANT_NOT_ENTITLED',
        `${claimant.fullName} (${claimant.relationship}${cls ? `, class ${cls}` : ''}) is outside the highest class of heirs present (${entitled.join(', ')}); ${HEIRS_BASIS}`,
      ),
    );
  }
  const registered = member.heirs.some(
    (h) => h.relationship === claimant.relationship && sameName(h.fullName, claimant.fullName),
  );
  const heir: Payee = { kind: 'HEIR', name: claimant.fullName };
  const who = registered ? 'registered heir' : 'heir (not among the registered heirs: check the documents)';
  return [
    {
      code: 'DEATH_BENEFIT',
      description: `${a.deathBenefit.description}, to ${who} ${claimant.fullName} (${claimant.relationship})`,
      amount: a.deathBenefit.amount,
      payee: heir,
      basis: a.deathBenefit.basis,
    },
    {
      code: 'PERIODIC_BENEFIT',
      description: `Periodic benefit ${a.periodic.months} × ${rupiah(a.periodic.monthly)}, paid at once`,
      amount: periodicTotal(a.periodic),
      payee: heir,
      basis: `${a.periodic.months} × ${rupiah(a.periodic.monthly)}; ${a.periodic.basis}`,
    },
    funeral(heir),
  ];
}

const SCHOLARSHIP_BASES =
  'an approved JKK_DEATH, an approved TOTAL JKK_PERMANENT_DISABILITY or an approved JKM_DEATH';

/**
 * Scholarship (DOMAIN.md 3): coverage, the deadline and MEMBER_DECEASED were judged on the basis
 * claim when it was approved; the schedule is the one in force on the basis claim's incident.
 */
function assessScholarship(
  ctx: AssessmentContext,
  others: readonly ClaimRecord[],
  lookup: ScheduleLookup,
): Assessment {
  const { request, member, assessedOn } = ctx;
  const reasons: Reasons = [];
  const basis = ctx.basisClaim;
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
                (basis.benefit === 'JKK_PERMANENT_DISABILITY' && basis.request.disability === 'TOTAL')
              )
            ? `basis claim ${basis.claimId} is a ${basis.benefit}${basis.request.disability ? ` (${basis.request.disability})` : ''}`
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
  if (!findRegisteredChild(member.heirs, child.fullName, child.birthDate))
    reasons.push(
      reason(
        'CLAIMANT_NOT_ENTITLED',
        `${child.fullName} (born ${child.birthDate}) is not a registered heir of the member with relationship CHILD`,
      ),
    );

  const scholarships = others.filter((c) => c.benefit === 'SCHOLARSHIP' && isCounted(c));
  const sameChild = (c: ClaimRecord) =>
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
