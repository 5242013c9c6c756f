import { ScheduleVersion } from '../../schedule/schedule.types';
import { IsoDate, addDays, addMonthsToDate, daysBetween } from '../../shared/dates';
import { memberPayee } from '../assessment-support';
import { AssessmentLine, JkkTemporaryIncapacityRequest, Payee, requestFor } from '../claim.types';
import { roundHalfUpRatio, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';

/** JKK temporary incapacity to work (STMB): days × income / 30 at 100%, then 50% (PP 82/2019). */
export const JKK_TEMPORARY_INCAPACITY: BenefitModule = {
  benefit: 'JKK_TEMPORARY_INCAPACITY',
  death: false,
  workAccident: true,
  fields: ['workRelation', 'incapacityFrom', 'incapacityTo'],
  validate({ err, date, incidentDate }: RequestFields) {
    const from = date('incapacityFrom', true);
    const to = date('incapacityTo', true);
    if (from && to && to < from) err('incapacityTo', 'must not be before incapacityFrom');
    if (from && incidentDate && from < incidentDate) err('incapacityFrom', 'must not be before incidentDate');
  },
  lines: (ctx, s) =>
    temporaryIncapacityLines(
      requestFor(ctx.request, 'JKK_TEMPORARY_INCAPACITY'),
      ctx.member.declaredMonthlyIncome,
      s,
      memberPayee(ctx.member),
    ),
};

/**
 * days × income / 30, at the full rate for days before the accident's 12-month anniversary and
 * the reduced rate from it: one line per rate, each rounded half up.
 */
function temporaryIncapacityLines(
  request: JkkTemporaryIncapacityRequest,
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
