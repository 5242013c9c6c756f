import { AssessmentLine, ClaimRequest } from '../claims/claim.types';
import { rupiah } from '../claims/money';

/**
 * The formula with its numbers put in, and the regulation article or programme policy, of an
 * assessment line (docs/audit.md "Explanations"). Derived from the line as recorded: its `basis`
 * is "<formula>; [<cap>; ]<regulation>" (docs/benefit-rules.md), written by the benefit modules
 * since the first release, so old events are explained alike. The amount is always the recorded
 * one; the re-performance says whether the rules give it.
 */
export interface LineFormula {
  formula: string;
  regulation: string;
}

/** A basis segment that names a rule's source rather than a computation. */
const isSource = (segment: string): boolean =>
  /^(PP|Permenaker|UU|Perpres)\s/.test(segment) ||
  segment.startsWith('(P)') ||
  /programme policy/.test(segment);

/** The claimed amount a line starts from (an invoice, a cost, a price), when it has one. */
function claimedAmount(line: AssessmentLine, request: ClaimRequest): string | undefined {
  const r = request as { invoiceAmount?: number; amount?: number; price?: number };
  const claimed =
    line.code === 'MEDICAL_CARE' || line.code === 'HOME_CARE'
      ? r.invoiceAmount
      : line.code === 'TRANSPORT'
        ? r.amount
        : line.code === 'REHABILITATION_AID'
          ? r.price
          : undefined;
  return claimed === undefined ? undefined : rupiah(claimed);
}

export function lineFormula(line: AssessmentLine, request: ClaimRequest, income: number): LineFormula {
  const segments = line.basis.split('; ').map((s) => s.trim());
  const sources = segments.filter(isSource);
  const rules = segments.filter((s) => !isSource(s));
  // A basis naming no source is shown whole rather than labelled with a guess.
  const regulation = sources.length ? sources.join('; ') : line.basis;
  const withNumbers = (text: string) => text.replace(/\bincome\b/g, rupiah(income));
  const total = rupiah(line.amount);
  let formula: string;
  if (line.code === 'TEMPORARY_INCAPACITY' || line.code === 'DISABILITY') {
    // Their descriptions carry the days, percentages and income used.
    formula = `${line.description.replace(/^[^:]*: /, '')} = ${total}`;
  } else if (line.code === 'DEATH_BENEFIT' && /^max\((\d+) × income, (Rp [\d,]+)\)$/.test(rules[0] ?? '')) {
    // JKK death: max(48 × income, minimum).
    const [, times, minimum] = /^max\((\d+) × income, (Rp [\d,]+)\)$/.exec(rules[0])!;
    const product = rupiah(Number(times) * income);
    formula =
      product === total
        ? `${times} × ${rupiah(income)} = ${total} (at least ${minimum})`
        : `${times} × ${rupiah(income)} = ${product}, less than the minimum: ${minimum} = ${total}`;
  } else if (/^fixed /.test(rules[0] ?? '')) {
    formula = `${withNumbers(rules[0])}${rules[0] === `fixed ${total}` ? '' : ` = ${total}`}`;
  } else {
    const claimed = claimedAmount(line, request);
    const text = rules.map(withNumbers).join('; ');
    formula = `${claimed ? `${claimed}: ` : ''}${text} = ${total}`;
  }
  return { formula, regulation };
}
