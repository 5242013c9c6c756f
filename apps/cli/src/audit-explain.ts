/**
 * `npm run audit -- explain --claim <id>`: a claim's explanation as readable text (docs/audit.md
 * "Explanations"), the same as `GET /api/audit/claims/{id}/explanation`. Never prints a NIK or an
 * account number (an account shows its last 4 digits only, as in the JSON).
 */
import { EventStore } from '@app/event-store';
import { ClaimExplanation } from '@app/domain/audit';
import { rupiah } from '@app/domain/claims';
import { explainClaimFromStore } from '@app/read-models';

const at = (position: number | null | undefined) =>
  position === null || position === undefined ? '' : ` [#${position}]`;

export function renderExplanation(x: ClaimExplanation): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`Claim ${x.claimId} (${x.benefit}) of member ${x.memberId}: ${x.status}`);
  line(`Total ${rupiah(x.total)}, schedule ${x.scheduleVersion}${x.eligible ? '' : ' (not eligible)'}`);
  for (const r of x.reasons) line(`  reason ${r.code}: ${r.message}`);
  line();
  line('Lines');
  for (const l of x.lines) {
    line(`  ${l.code} ${rupiah(l.amount)} to ${l.payee.name} (${l.payee.kind})${at(l.position)}`);
    line(`    ${l.formula}`);
    line(`    ${l.regulation} (schedule ${l.scheduleVersion})`);
  }
  const f = x.facts;
  line();
  line(
    `Facts (assessment of ${f.assessment.assessedOn}, ${f.assessment.trigger}${at(f.assessment.position)})`,
  );
  line(
    `  member revision ${f.member.revision}${f.member.revisionAssumed ? ' (not recorded: as the log stood)' : ''}${at(f.member.position)}`,
  );
  line(`  coverage start ${f.coverageStart.date}${at(f.coverageStart.position)}`);
  line(`  declared income ${rupiah(f.income.amount)}${at(f.income.position)}`);
  for (const m of f.months)
    line(
      `  month ${m.month} paid on ${m.paidOn} by ${m.paymentId}${at(m.position)}${m.reversed ? `, reversed by ${m.reversed.reversalId}${at(m.reversed.position)}` : ''}`,
    );
  for (const h of f.heirs)
    line(
      `  heir ${h.fullName} (${h.relationship}) from ${h.source === 'CERTIFICATE' ? `heir certificate ${h.reference}` : 'the registry'}${at(h.position)}`,
    );
  if (f.workRelation)
    line(
      `  work relation ${f.workRelation.decision} (${f.workRelation.why}) by ${f.workRelation.by} at ${f.workRelation.at}${at(f.workRelation.position)}`,
    );
  for (const c of f.otherClaims) line(`  other claim ${c.claimId} ${c.benefit} ${c.status}${at(c.position)}`);
  if (f.basisClaim)
    line(
      `  basis claim ${f.basisClaim.claimId} ${f.basisClaim.benefit} ${f.basisClaim.status}${at(f.basisClaim.position)}`,
    );
  line();
  line('Decisions');
  for (const d of x.decisions)
    line(
      `  ${d.at} ${d.type} by ${d.by}${d.role ? ` (${d.role})` : ''}${d.reasonCode ? ` ${d.reasonCode}` : ''}${d.note ? `: ${d.note}` : ''}${at(d.position)}`,
    );
  if (x.approvedBy.length)
    line(`  approved by ${x.approvedBy.map((a) => `${a.by} (${a.role})${at(a.position)}`).join(', ')}`);
  for (const a of x.adjustments)
    line(
      `  adjustment ${a.decision}: ${rupiah(a.previousTotal)} → ${rupiah(a.newTotal)}, difference ${rupiah(a.difference)}${at(a.position)}`,
    );
  if (x.payouts.length) {
    line();
    line('Payouts');
  }
  for (const p of x.payouts) {
    const dest =
      p.destination?.type === 'ACCOUNT'
        ? ` to account ${p.destination.accountNumber}`
        : p.destination
          ? ' as a cash order'
          : '';
    line(
      `  ${p.payoutId} ${p.kind} ${rupiah(p.amount)} to ${p.payee.name}${dest}: ${p.status}${p.paidOn ? ` on ${p.paidOn}` : ''}${p.recovered ? `, ${rupiah(p.recovered)} recovered` : ''}${at(p.positions.scheduled ?? p.positions.planned)}`,
    );
    if (p.penalty) line(`    ${p.penalty.formula}`);
  }
  for (const r of x.recoveries)
    line(
      `  recovered ${rupiah(r.amount)} owed on ${r.overpaidClaimId} from payout ${r.payoutId}${at(r.position)}`,
    );
  line();
  line(
    x.reperformed.ok
      ? 'Re-performed: every figure agrees with the rules'
      : `Re-performed: ${x.reperformed.mismatches.length} mismatch(es)`,
  );
  for (const m of x.reperformed.mismatches)
    line(
      `  ${m.check}: recorded ${JSON.stringify(m.recorded)}, rules give ${JSON.stringify(m.recomputed)}${at(m.position)}`,
    );
  for (const m of x.reperformed.pending)
    line(
      `  pending: ${m.check}, rules give ${JSON.stringify(m.recomputed)} (paid less than a day ago)${at(m.position)}`,
    );
  line(`Positions: ${x.positions.join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** Prints the claim's explanation; 1 when there is no such claim. */
export async function explain(
  store: EventStore,
  claimId: string,
  write: (text: string) => void,
): Promise<number> {
  const x = await explainClaimFromStore(store, claimId, new Date());
  if (!x) {
    process.stderr.write(`claim ${claimId} does not exist\n`);
    return 1;
  }
  write(renderExplanation(x));
  return 0;
}
