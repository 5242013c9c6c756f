import { ScheduleVersion } from '../../schedule/schedule.types';
import { addDays } from '../../shared/dates';
import { AssessmentContext } from '../assessment-support';
import { AssessmentLine, requestFor } from '../claim.types';
import { checkedAmount, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';
import { nonEmptyString } from './field-rules';

/** JKK medical care: the provider's invoice, as medically needed, no cap (PP 44/2015 art. 25). */
export const JKK_MEDICAL: BenefitModule = {
  benefit: 'JKK_MEDICAL',
  death: false,
  workAccident: true,
  coveredWhileSuspected: true,
  fields: ['workRelation', 'provider', 'invoiceAmount'],
  validate({ r, err }: RequestFields) {
    // workRelation is optional here as for every JKK benefit: CONFIRMED when absent (docs/api.md).
    if (!nonEmptyString(r.provider)) err('provider', 'is required for JKK_MEDICAL');
    const amount = r.invoiceAmount;
    if (amount === undefined || amount === null) err('invoiceAmount', 'is required for JKK_MEDICAL');
    else if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
      err('invoiceAmount', 'must be a positive integer (Rupiah)');
  },
  lines: (ctx, s) => [medicalLine(ctx, s)],
};

function medicalLine(ctx: AssessmentContext, s: ScheduleVersion): AssessmentLine {
  const request = requestFor(ctx.request, 'JKK_MEDICAL');
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
