import { IsoDate } from '../shared/dates';
import { ClaimApproved, ClaimEvent } from './claim.events';
import { ClaimPayout } from './claim.state';
import { Assessment, ClaimStatus, Payee } from './claim.types';
import { AdjustmentDecided, PayeeAmount } from './corrections.events';

/** An appeal against a decision (docs/benefit-rules.md "Appeals"). */
export interface Appeal {
  appealId: string;
  status: 'OPEN' | 'UPHELD' | 'OVERTURNED';
  grounds: string;
  filedOn: IsoDate;
  dueBy: IsoDate;
  decidedBy?: string;
  decidedOn?: IsoDate;
}

/** An overpayment owed by a payee, less what later payouts recovered (one recovery per payout). */
export interface Overpayment {
  payee: Payee;
  amount: number;
  outstanding: number;
  recoveries: { payoutId: string; amount: number }[];
}

/** What corrections add to a claim: folded alike by the decider's state and the read model's row. */
export interface ClaimCorrections {
  /** How many times the claim was reopened. */
  reopenings: number;
  /** What stands approved per payee (the last approval's assessment; none after a rejection). */
  approvedByPayee: PayeeAmount[];
  /** Set while a reopened claim awaits its new decision. */
  reopened?: { previousTotal: number; previousByPayee: PayeeAmount[]; reopening: number };
  overpayments: Overpayment[];
  appeals: Appeal[];
}

export const NO_CORRECTIONS: ClaimCorrections = {
  reopenings: 0,
  approvedByPayee: [],
  overpayments: [],
  appeals: [],
};

/** Payees are one by name, whatever role they were paid in (docs/benefit-rules.md "Corrections"). */
export const payeeKey = (payee: Payee): string => payee.name.trim().toLowerCase();

/** The assessment's payable amounts per payee (by name). */
export function amountsByPayee(assessment: Assessment): PayeeAmount[] {
  const out = new Map<string, PayeeAmount>();
  for (const line of assessment.lines) {
    const key = payeeKey(line.payee);
    const entry = out.get(key) ?? { payee: line.payee, amount: 0 };
    entry.amount += line.amount;
    out.set(key, entry);
  }
  return [...out.values()].filter((p) => p.amount > 0);
}

/**
 * The decision on a reopened claim: per payee, the new amount less what was approved before.
 * Positive differences are top-ups (paid), negative ones overpayments (owed back).
 */
export function adjustmentFor(
  reopened: NonNullable<ClaimCorrections['reopened']>,
  approvedByPayee: PayeeAmount[],
): AdjustmentDecided & { topUps: PayeeAmount[] } {
  const newTotal = approvedByPayee.reduce((s, p) => s + p.amount, 0);
  const keys = new Map<string, Payee>();
  for (const p of [...reopened.previousByPayee, ...approvedByPayee]) keys.set(payeeKey(p.payee), p.payee);
  const amountOf = (list: PayeeAmount[], key: string) =>
    list.filter((p) => payeeKey(p.payee) === key).reduce((s, p) => s + p.amount, 0);
  const topUps: PayeeAmount[] = [];
  const overpayments: PayeeAmount[] = [];
  for (const [key, payee] of keys) {
    const now = approvedByPayee.find((p) => payeeKey(p.payee) === key)?.payee ?? payee;
    const difference = amountOf(approvedByPayee, key) - amountOf(reopened.previousByPayee, key);
    if (difference > 0) topUps.push({ payee: now, amount: difference });
    if (difference < 0) overpayments.push({ payee, amount: -difference });
  }
  return {
    previousTotal: reopened.previousTotal,
    newTotal,
    difference: newTotal - reopened.previousTotal,
    approvedByPayee,
    overpayments,
    topUps,
  };
}

function withOverpayments(list: Overpayment[], owed: PayeeAmount[]): Overpayment[] {
  const out = list.map((o) => ({ ...o }));
  for (const p of owed) {
    const known = out.find((o) => payeeKey(o.payee) === payeeKey(p.payee));
    if (known) {
      known.amount += p.amount;
      known.outstanding += p.amount;
    } else out.push({ payee: p.payee, amount: p.amount, outstanding: p.amount, recoveries: [] });
  }
  return out;
}

/** The corrections after one of the claim's events (old claims without corrections fold from none). */
export function evolveCorrections(
  current: ClaimCorrections | undefined,
  event: ClaimEvent,
): ClaimCorrections | undefined {
  const c = current ?? NO_CORRECTIONS;
  switch (event.type) {
    case 'ClaimApproved': {
      const adj = event.data.adjustment;
      const { reopened: _r, ...rest } = c;
      if (!adj)
        return {
          ...rest,
          approvedByPayee: event.data.payouts.map((p) => ({ payee: p.payee, amount: p.amount })),
        };
      return {
        ...rest,
        approvedByPayee: adj.approvedByPayee,
        overpayments: withOverpayments(c.overpayments, adj.overpayments),
      };
    }
    case 'ClaimRejected': {
      const adj = event.data.adjustment;
      if (!adj) return current;
      const { reopened: _r, ...rest } = c;
      return {
        ...rest,
        approvedByPayee: [],
        overpayments: withOverpayments(c.overpayments, adj.overpayments),
      };
    }
    case 'ClaimReopened': {
      const { previousTotal, previousByPayee, reopening } = event.data;
      return { ...c, reopenings: reopening, reopened: { previousTotal, previousByPayee, reopening } };
    }
    case 'ClaimOverpaymentRecovered': {
      const { payee, amount, payoutId } = event.data;
      return {
        ...c,
        overpayments: c.overpayments.map((o) =>
          payeeKey(o.payee) === payeeKey(payee)
            ? {
                ...o,
                outstanding: o.outstanding - amount,
                recoveries: [...o.recoveries, { payoutId, amount }],
              }
            : o,
        ),
      };
    }
    case 'ClaimAppealFiled': {
      const { appealId, grounds, filedOn, dueBy } = event.data;
      return { ...c, appeals: [...c.appeals, { appealId, status: 'OPEN', grounds, filedOn, dueBy }] };
    }
    case 'ClaimAppealDecided': {
      const { appealId, outcome, by, decidedOn } = event.data;
      return {
        ...c,
        appeals: c.appeals.map((a) =>
          a.appealId === appealId ? { ...a, status: outcome, decidedBy: by, decidedOn } : a,
        ),
      };
    }
    default:
      return current;
  }
}

/** What the claim view shows of its corrections (docs/api.md "Corrections"). */
export interface CorrectionsView {
  appeals: Appeal[];
  overpayments: { payee: Payee; amount: number; outstanding: number }[];
  adjustment?: { previousTotal: number; newTotal: number; difference: number };
  /** An open appeal past its due date (14 working days). */
  appealOverdue?: boolean;
}

export function correctionsView(
  c: ClaimCorrections | undefined,
  status: ClaimStatus,
  assessment: Assessment,
  today?: IsoDate,
): CorrectionsView {
  const corrections = c ?? NO_CORRECTIONS;
  const awaiting = corrections.reopened && !['APPROVED', 'PAID', 'REJECTED'].includes(status);
  const newTotal = assessment.eligible ? assessment.total : 0;
  const overdue =
    today !== undefined && corrections.appeals.some((a) => a.status === 'OPEN' && a.dueBy < today);
  return {
    appeals: corrections.appeals,
    overpayments: corrections.overpayments.map(({ payee, amount, outstanding }) => ({
      payee,
      amount,
      outstanding,
    })),
    ...(awaiting && corrections.reopened
      ? {
          adjustment: {
            previousTotal: corrections.reopened.previousTotal,
            newTotal,
            difference: newTotal - corrections.reopened.previousTotal,
          },
        }
      : {}),
    ...(overdue ? { appealOverdue: true } : {}),
  };
}

/**
 * The payouts and status after an approval: the planned payouts, QUEUED; a reopened claim keeps
 * its earlier payouts, and with nothing more to pay a paid one stays PAID.
 */
export function afterApproval(
  earlier: readonly ClaimPayout[],
  { payouts, adjustment }: Pick<ClaimApproved['data'], 'payouts' | 'adjustment'>,
): { status: 'APPROVED' | 'PAID'; payouts: ClaimPayout[] } {
  const planned = payouts.map((p) => ({
    payoutId: p.payoutId,
    amount: p.amount,
    payee: p.payee,
    status: 'QUEUED' as const,
  }));
  const all = adjustment ? [...earlier, ...planned] : planned;
  const paid = adjustment && planned.length === 0 && all.length > 0 && all.every((p) => p.status === 'PAID');
  return { status: paid ? 'PAID' : 'APPROVED', payouts: all };
}
