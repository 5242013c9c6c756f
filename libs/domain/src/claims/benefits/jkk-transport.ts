import { memberPayee } from '../assessment-support';
import { requestFor, TRANSPORT_MODES } from '../claim.types';
import { rupiah } from '../money';
import { BenefitModule, RequestFields } from './benefit-module';
import { isOneOf, requirePositiveRupiah } from './field-rules';
import { withinAccidentLimit } from './per-accident';

/**
 * JKK transport of the injured worker to care or rehabilitation: the cost incurred, to the
 * member, within a limit per accident by mode (land, river and lake share one) (PP 82/2019 annex III).
 */
export const JKK_TRANSPORT: BenefitModule = {
  benefit: 'JKK_TRANSPORT',
  death: false,
  workAccident: true,
  coveredWhileSuspected: false,
  fields: ['workRelation', 'mode', 'amount'],
  validate({ r, err }: RequestFields) {
    if (!isOneOf(TRANSPORT_MODES, r.mode)) err('mode', `must be one of ${TRANSPORT_MODES.join(', ')}`);
    requirePositiveRupiah(r, 'amount', 'JKK_TRANSPORT', err);
  },
  lines(ctx, s, reasons) {
    const request = requestFor(ctx.request, 'JKK_TRANSPORT');
    const rule = s.jkk.transport;
    const mode = request.mode;
    const limit = rule.limits.find((l) => mode !== undefined && l.modes.includes(mode));
    if (!mode || !limit) throw new RangeError(`No transport limit for mode ${mode} in ${s.version}`);
    const claimed = request.amount ?? 0;
    const modes = limit.modes.map((m) => m.toLowerCase()).join(', ');
    const capped = withinAccidentLimit(ctx, reasons, claimed, {
      code: 'TRANSPORT',
      which: (r) => r.benefit === 'JKK_TRANSPORT' && r.mode !== undefined && limit.modes.includes(r.mode),
      limit: limit.perAccident,
      what: `${modes} transport`,
    });
    if (capped.amount === 0) return [];
    return [
      {
        code: 'TRANSPORT',
        description: `Transport by ${mode.toLowerCase()}: cost ${rupiah(claimed)}`,
        amount: capped.amount,
        payee: memberPayee(ctx.member),
        basis: `the cost incurred, at most ${rupiah(limit.perAccident)} per accident for ${modes} transport; ${capped.basis}; ${rule.basis}`,
      },
    ];
  },
};
