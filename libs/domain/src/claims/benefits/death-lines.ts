import { periodicTotal } from '../../schedule/schedule';
import { ScheduleVersion } from '../../schedule/schedule.types';
import { AssessmentContext, reason, Reasons } from '../assessment-support';
import { AssessmentLine, heirCertificateOf, Payee } from '../claim.types';
import { HEIRS_BASIS, entitledRelationships, heirClassOf, heirsForClaim, sameName } from '../heirs';
import { rupiah } from '../money';

export interface DeathAmounts {
  deathBenefit: { amount: number; description: string; basis: string };
  periodic: ScheduleVersion['jkm']['periodic'];
  funeral: ScheduleVersion['jkm']['funeral'];
}

/**
 * Death benefits go to an heir of the highest class present (PP 44/2015 art. 37): the heirs on
 * the claim's certificate, else the registered ones. While no heir is known only the funeral
 * benefit is payable, to the claimant as the one who arranged the burial (NO_HEIR).
 */
export function deathLines(ctx: AssessmentContext, reasons: Reasons, a: DeathAmounts): AssessmentLine[] {
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

  const certificate = ctx.heirCertificate ?? heirCertificateOf({ request });
  const { heirs, source } = heirsForClaim(member.heirs, certificate);
  if (heirs.length === 0) {
    reasons.push(
      reason(
        'NO_HEIR',
        `No heir is known (none registered, no heir certificate): only the funeral benefit is payable, to ${claimant.fullName} who arranged the burial; DEATH_BENEFIT and PERIODIC_BENEFIT are not payable (${HEIRS_BASIS})`,
      ),
    );
    return [funeral({ kind: 'FUNERAL_ORGANISER', name: claimant.fullName })];
  }

  const entitled = entitledRelationships(heirs);
  if (!(entitled as readonly string[]).includes(claimant.relationship)) {
    const cls = heirClassOf(claimant.relationship);
    reasons.push(
      reason(
        'CLAIMANT_NOT_ENTITLED',
        `${claimant.fullName} (${claimant.relationship}${cls ? `, class ${cls}` : ''}) is outside the highest class of heirs present on ${source} (${entitled.join(', ')}); ${HEIRS_BASIS}`,
      ),
    );
  }
  const named = heirs.some(
    (h) => h.relationship === claimant.relationship && sameName(h.fullName, claimant.fullName),
  );
  const heir: Payee = { kind: 'HEIR', name: claimant.fullName };
  const who = certificate
    ? named
      ? `heir on ${source}`
      : `heir (not named on ${source}: check the documents)`
    : named
      ? 'registered heir'
      : 'heir (not among the registered heirs: check the documents)';
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
