import { requestFor } from '../claim.types';
import { checkedAmount, rupiah } from '../money';
import { BenefitModule, certificateErrors, RequestFields } from './benefit-module';
import { deathLines } from './death-lines';

/** JKK death: max(48 × income, a minimum) + periodic + funeral, to the entitled heir (PP 82/2019). */
export const JKK_DEATH: BenefitModule = {
  benefit: 'JKK_DEATH',
  death: true,
  workAccident: true,
  coveredWhileSuspected: false,
  fields: ['workRelation', 'dateOfDeath', 'suddenDeathAtWork', 'heirCertificate'],
  dateOfDeath: (request) => requestFor(request, 'JKK_DEATH').dateOfDeath,
  validate({ r, err, date, incidentDate, reportedOn }: RequestFields) {
    certificateErrors(r, err);
    if (
      r.suddenDeathAtWork !== undefined &&
      r.suddenDeathAtWork !== null &&
      typeof r.suddenDeathAtWork !== 'boolean'
    )
      err('suddenDeathAtWork', 'must be true or false');
    const dateOfDeath = date('dateOfDeath', true);
    if (dateOfDeath && incidentDate && dateOfDeath < incidentDate)
      err('dateOfDeath', 'must not be before incidentDate (the accident)');
    if (dateOfDeath && reportedOn && reportedOn < dateOfDeath)
      err('reportedOn', 'must not be before dateOfDeath');
  },
  lines(ctx, s, reasons) {
    const t = s.jkk;
    const income = ctx.member.declaredMonthlyIncome;
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
  },
};
