import { isIsoDate } from '../../shared/dates';
import { findScheduleFor, periodicTotal } from '../../schedule/schedule';
import { ScheduleVersion } from '../../schedule/schedule.types';
import { memberPayee } from '../assessment-support';
import {
  AssessmentLine,
  DISABILITY_KINDS,
  JkkPermanentDisabilityRequest,
  Payee,
  requestFor,
} from '../claim.types';
import { roundHalfUpRatio, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';
import { isOneOf } from './field-rules';

/** JKK permanent disability: total (70% × 80 × income + periodic) or partial by the impairment table. */
export const JKK_PERMANENT_DISABILITY: BenefitModule = {
  benefit: 'JKK_PERMANENT_DISABILITY',
  death: false,
  workAccident: true,
  coveredWhileSuspected: false,
  fields: ['workRelation', 'disability', 'impairments'],
  validate: validateDisability,
  lines: (ctx, s) =>
    disabilityLines(
      requestFor(ctx.request, 'JKK_PERMANENT_DISABILITY'),
      ctx.member.declaredMonthlyIncome,
      s,
      memberPayee(ctx.member),
    ),
};

/** Impairment codes known to the version in force on the incident date (or to any version). */
function knownImpairmentCodes(incidentDate: unknown, versions: readonly ScheduleVersion[]): Set<string> {
  const inForce = isIsoDate(incidentDate) ? findScheduleFor(incidentDate, versions) : undefined;
  const tables = inForce ? [inForce] : versions;
  return new Set(tables.flatMap((v) => Object.keys(v.jkk.permanentDisability.impairments)));
}

function validateDisability({ r, err, incidentDate, versions }: RequestFields): void {
  if (!isOneOf(DISABILITY_KINDS, r.disability)) {
    err('disability', `must be one of ${DISABILITY_KINDS.join(', ')}`);
    return;
  }
  if (r.disability === 'TOTAL') return;
  const impairments = r.impairments;
  if (!Array.isArray(impairments) || impairments.length === 0) {
    err('impairments', 'at least one impairment is required for a PARTIAL disability');
    return;
  }
  const known = knownImpairmentCodes(incidentDate, versions);
  const seen = new Set<string>();
  impairments.forEach((item: unknown, i) => {
    const path = `impairments[${i}]`;
    if (typeof item !== 'object' || item === null) {
      err(path, 'must be an object {code, functionLossPercent?}');
      return;
    }
    const { code, functionLossPercent } = item as Record<string, unknown>;
    if (typeof code !== 'string' || !known.has(code))
      err(`${path}.code`, `must be one of ${[...known].join(', ')}`);
    else if (seen.has(code)) err(`${path}.code`, 'is listed twice');
    else seen.add(code);
    if (
      functionLossPercent !== undefined &&
      functionLossPercent !== null &&
      (typeof functionLossPercent !== 'number' ||
        !Number.isInteger(functionLossPercent) ||
        functionLossPercent < 1 ||
        functionLossPercent > 100)
    )
      err(`${path}.functionLossPercent`, 'must be an integer from 1 to 100');
  });
}

function disabilityLines(
  request: JkkPermanentDisabilityRequest,
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
