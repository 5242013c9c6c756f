import { requestFor } from '../claim.types';
import { rupiah } from '../money';
import { BenefitModule, certificateErrors, RequestFields } from './benefit-module';
import { deathLines } from './death-lines';

/** JKM death (not work-related): a fixed lump sum + periodic + funeral, to the entitled heir. */
export const JKM_DEATH: BenefitModule = {
  benefit: 'JKM_DEATH',
  death: true,
  workAccident: false,
  coveredWhileSuspected: false,
  fields: ['dateOfDeath', 'heirCertificate'],
  // The incident of a JKM death claim is the death.
  dateOfDeath: (request) => requestFor(request, 'JKM_DEATH').dateOfDeath ?? request.incidentDate,
  validate({ r, err, date, incidentDate }: RequestFields) {
    certificateErrors(r, err);
    const dateOfDeath = date('dateOfDeath', false);
    if (dateOfDeath && incidentDate && dateOfDeath !== incidentDate)
      err('dateOfDeath', 'must equal incidentDate (for JKM_DEATH the incident is the death)');
  },
  lines(ctx, s, reasons) {
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
  },
};
