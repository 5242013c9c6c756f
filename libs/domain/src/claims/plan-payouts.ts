import { IsoDate } from '../shared/dates';
import { PlannedPayout } from './claim.events';
import { Assessment, LineCode, Payee } from './claim.types';
import { destinationOf, PayTo } from '../payouts/destination';

/**
 * One payout per payee (docs/benefit-rules.md "Decisions and payment"), with deterministic ids so a replayed approval enqueues
 * the same jobs (`jobId = payoutId`).
 */
export function planPayouts(
  claimId: string,
  assessment: Assessment,
  dueBy?: IsoDate,
  payTo?: PayTo,
): PlannedPayout[] {
  // Every payout of the claim goes to its payTo account, or as a cash order (docs/api.md "Claims").
  const destination = destinationOf(payTo);
  const byPayee = new Map<string, { payee: Payee; amount: number; lineCodes: LineCode[] }>();
  for (const line of assessment.lines) {
    const key = `${line.payee.kind}|${line.payee.name}`;
    const entry = byPayee.get(key) ?? { payee: line.payee, amount: 0, lineCodes: [] };
    entry.amount += line.amount;
    if (!entry.lineCodes.includes(line.code)) entry.lineCodes.push(line.code);
    byPayee.set(key, entry);
  }
  return [...byPayee.values()]
    .filter((p) => p.amount > 0)
    .map((p, i) => ({
      payoutId: `${claimId}-payout-${i + 1}`,
      ...p,
      ...(dueBy ? { dueBy } : {}),
      destination,
    }));
}
