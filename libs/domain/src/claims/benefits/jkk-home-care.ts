import { addDays, addYears, daysBetween, IsoDate } from '../../shared/dates';
import { reason } from '../assessment-support';
import { countedClaims } from '../accident';
import { requestFor } from '../claim.types';
import { roundHalfUpRatio, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';
import { nonEmptyString, requirePositiveRupiah } from './field-rules';
import { accidentOf, withinAccidentLimit } from './per-accident';

/**
 * JKK home care: the provider's invoice, to the provider, at most a limit per accident, for care
 * days within a year of the accident's first home-care day (PP 82/2019 annex III). Covered, like
 * medical care, while the work relation is only suspected.
 */
export const JKK_HOME_CARE: BenefitModule = {
  benefit: 'JKK_HOME_CARE',
  death: false,
  workAccident: true,
  coveredWhileSuspected: true,
  fields: ['workRelation', 'provider', 'invoiceAmount', 'careFrom', 'careTo'],
  validate({ r, err, date, incidentDate }: RequestFields) {
    if (!nonEmptyString(r.provider)) err('provider', 'is required for JKK_HOME_CARE');
    requirePositiveRupiah(r, 'invoiceAmount', 'JKK_HOME_CARE', err);
    const from = date('careFrom', true);
    const to = date('careTo', true);
    if (from && to && to < from) err('careTo', 'must not be before careFrom');
    if (from && incidentDate && from < incidentDate) err('careFrom', 'must not be before incidentDate');
  },
  lines(ctx, s, reasons) {
    const request = requestFor(ctx.request, 'JKK_HOME_CARE');
    const rule = s.jkk.homeCare;
    const { careFrom, careTo } = request;
    if (!careFrom || !careTo) throw new RangeError('JKK_HOME_CARE needs careFrom and careTo');
    const invoice = request.invoiceAmount ?? 0;
    const provider = request.provider ?? '';
    // The window runs from the accident's first home-care day, whichever claim it is on.
    const firstDay = countedClaims(accidentOf(ctx))
      .map((c) => (c.request.benefit === 'JKK_HOME_CARE' ? c.request.careFrom : undefined))
      .filter((d): d is IsoDate => d !== undefined)
      .reduce((min, d) => (d < min ? d : min), careFrom);
    const lastDay = addDays(addYears(firstDay, rule.careWindowYears), -1);
    const days = daysBetween(careFrom, careTo) + 1;
    const coveredTo = careTo < lastDay ? careTo : lastDay;
    const covered = Math.max(0, daysBetween(careFrom, coveredTo) + 1);
    if (covered === 0) {
      reasons.push(
        reason(
          'BENEFIT_CAP_REACHED',
          `Home care is covered for ${rule.careWindowYears} year(s) from the accident's first home-care day ${firstDay} (last day ${lastDay}); this care from ${careFrom} is after it (${rule.basis})`,
        ),
      );
      return [];
    }
    const windowed = covered === days ? invoice : roundHalfUpRatio(invoice * covered, days, 'The home care');
    const windowBasis =
      covered === days
        ? `care days within ${rule.careWindowYears} year(s) of the first home-care day ${firstDay}`
        : `${covered} of ${days} care days within ${rule.careWindowYears} year(s) of the first home-care day ${firstDay} (to ${lastDay}): invoice × ${covered} / ${days}`;
    const capped = withinAccidentLimit(ctx, reasons, windowed, {
      code: 'HOME_CARE',
      which: (r) => r.benefit === 'JKK_HOME_CARE',
      limit: rule.perAccident,
      what: 'home care',
    });
    if (capped.amount === 0) return [];
    return [
      {
        code: 'HOME_CARE',
        description: `Home care by ${provider} from ${careFrom} to ${careTo}: invoice ${rupiah(invoice)}`,
        amount: capped.amount,
        payee: { kind: 'PROVIDER', name: provider },
        basis: `provider's invoice, ${windowBasis}, at most ${rupiah(rule.perAccident)} per accident; ${capped.basis}; ${rule.basis}`,
      },
    ];
  },
};
