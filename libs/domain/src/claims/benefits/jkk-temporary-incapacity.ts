import { ScheduleVersion } from '../../schedule/schedule.types';
import { IsoDate, addDays, addMonthsToDate, daysBetween } from '../../shared/dates';
import { memberPayee } from '../assessment-support';
import { AssessmentLine, JkkTemporaryIncapacityRequest, Payee, requestFor } from '../claim.types';
import { roundHalfUpRatio, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';

/** JKK temporary incapacity to work (STMB): days × income / 30 at the schedule's rates by period. */
export const JKK_TEMPORARY_INCAPACITY: BenefitModule = {
  benefit: 'JKK_TEMPORARY_INCAPACITY',
  death: false,
  workAccident: true,
  coveredWhileSuspected: false,
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
 * days × income / 30, at each rate of the schedule's periods counted from the accident (PP 82/2019:
 * 100% for 12 months, then 50%; PP 44/2015: 100%, 75% for 6 months each, then 50%): one line per
 * rate, each rounded half up.
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
  const accident = request.incidentDate;
  if (!from || !to || !accident) return [];
  const spans: { from: IsoDate; to: IsoDate; rate: number; why: string }[] = [];
  let monthsBefore = 0;
  for (const period of rule.periods) {
    const start = addMonthsToDate(accident, monthsBefore);
    monthsBefore += period.months;
    const end = addDays(addMonthsToDate(accident, monthsBefore), -1);
    spans.push({
      from: from > start ? from : start,
      to: to < end ? to : end,
      rate: period.percent,
      why: `months ${monthsBefore - period.months + 1}-${monthsBefore} after the accident, to ${end}`,
    });
  }
  const after = addMonthsToDate(accident, monthsBefore);
  spans.push({
    from: from > after ? from : after,
    to,
    rate: rule.thenPercent,
    why: `from the ${monthsBefore}-month anniversary ${after}`,
  });
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
        basis: `days × income / ${rule.daysDivisor} × ${span.rate}% (${span.why}); ${rule.basis}`,
      };
    });
}
