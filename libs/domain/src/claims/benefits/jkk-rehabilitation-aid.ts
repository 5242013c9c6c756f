import { REHABILITATION_AIDS, requestFor } from '../claim.types';
import { roundHalfUpRatio, rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';
import { isOneOf, nonEmptyString, requirePositiveRupiah } from './field-rules';
import { withinAccidentLimit } from './per-accident';

/**
 * JKK rehabilitation aids, to the provider: a prosthesis or orthosis at the government
 * rehabilitation centre's price plus a percentage; dentures, a hearing aid or glasses at their
 * price up to a limit per accident each (PP 82/2019 annex III; the limits are in the schedule).
 */
export const JKK_REHABILITATION_AID: BenefitModule = {
  benefit: 'JKK_REHABILITATION_AID',
  death: false,
  workAccident: true,
  coveredWhileSuspected: false,
  fields: ['workRelation', 'aid', 'provider', 'price'],
  validate({ r, err }: RequestFields) {
    if (!isOneOf(REHABILITATION_AIDS, r.aid)) err('aid', `must be one of ${REHABILITATION_AIDS.join(', ')}`);
    if (!nonEmptyString(r.provider)) err('provider', 'is required for JKK_REHABILITATION_AID');
    requirePositiveRupiah(r, 'price', 'JKK_REHABILITATION_AID', err);
  },
  lines(ctx, s, reasons) {
    const request = requestFor(ctx.request, 'JKK_REHABILITATION_AID');
    const { aid, provider = '' } = request;
    if (!aid) throw new RangeError('JKK_REHABILITATION_AID needs an aid');
    const rule = s.jkk.rehabilitationAid.aids[aid];
    const price = request.price ?? 0;
    const name = aid.toLowerCase().replace('_', ' ');
    const line = (amount: number, basis: string) => ({
      code: 'REHABILITATION_AID' as const,
      description: `Rehabilitation aid (${name}) from ${provider}: price ${rupiah(price)}`,
      amount,
      payee: { kind: 'PROVIDER' as const, name: provider },
      basis: `${basis}; ${s.jkk.rehabilitationAid.basis}`,
    });
    if (rule.rule === 'CENTRE_PRICE_PLUS') {
      const amount = roundHalfUpRatio(
        price * Math.round((100 + rule.percent) * 100),
        10_000,
        'The rehabilitation aid',
      );
      return [line(amount, `the rehabilitation centre's price + ${rule.percent}%`)];
    }
    const capped = withinAccidentLimit(ctx, reasons, price, {
      code: 'REHABILITATION_AID',
      which: (r) => r.benefit === 'JKK_REHABILITATION_AID' && r.aid === aid,
      limit: rule.perAccident,
      what: name,
    });
    if (capped.amount === 0) return [];
    return [
      line(capped.amount, `the price, at most ${rupiah(rule.perAccident)} per accident; ${capped.basis}`),
    ];
  },
};
