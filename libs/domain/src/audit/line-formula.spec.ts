import { assessClaim } from '../claims/assess';
import { context, member, request, transport, otherClaim } from '../claims/claim.fixtures';
import { ClaimRequest } from '../claims/claim.types';
import { lineFormula } from './line-formula';

/** The formula and regulation of each line the rules give for `req`, the income put in. */
function formulas(req: ClaimRequest, income = 1_000_000, others = context().otherClaims) {
  const m = member({ declaredMonthlyIncome: income });
  const assessment = assessClaim({
    ...context({ member: m, otherClaims: others }),
    request: req,
    assessedOn: '2025-03-20',
  });
  return assessment.lines.map((l) => ({ code: l.code, ...lineFormula(l, req, income) }));
}

describe('lineFormula: the numbers put in, and the regulation apart', () => {
  it('temporary incapacity: days, income and rate of each line', () => {
    const lines = formulas(
      request({
        benefit: 'JKK_TEMPORARY_INCAPACITY',
        incidentDate: '2025-03-01',
        reportedOn: '2025-03-20',
        incapacityFrom: '2025-03-01',
        incapacityTo: '2025-03-12',
      }),
      1_500_000,
    );
    expect(lines).toEqual([
      {
        code: 'TEMPORARY_INCAPACITY',
        formula: '12 days (2025-03-01 to 2025-03-12) × Rp 1,500,000 / 30 at 100% = Rp 600,000',
        regulation: expect.stringMatching(/^PP 82\/2019 annex/),
      },
    ]);
  });

  it('total disability: percentage, months and income', () => {
    const [disability, periodic] = formulas(
      request({
        benefit: 'JKK_PERMANENT_DISABILITY',
        incidentDate: '2025-03-01',
        reportedOn: '2025-03-20',
        disability: 'TOTAL',
      }),
    );
    expect(disability.formula).toBe('70% × 80 × Rp 1,000,000 = Rp 56,000,000');
    expect(periodic.formula).toBe('24 × Rp 500,000 = Rp 12,000,000');
  });

  it('a JKK death below the minimum says so', () => {
    const req = request({
      benefit: 'JKK_DEATH',
      incidentDate: '2025-03-10',
      dateOfDeath: '2025-03-12',
      reportedOn: '2025-03-20',
      claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    });
    const m = member({ declaredMonthlyIncome: 300_000 });
    const [death] = assessClaim({ ...context({ member: m }), request: req, assessedOn: '2025-03-20' }).lines;
    expect(lineFormula(death, req, 300_000).formula).toBe(
      '48 × Rp 300,000 = Rp 14,400,000, less than the minimum: Rp 20,000,000 = Rp 20,000,000',
    );
  });

  it('a capped per-accident line keeps the cap in the formula and the annex as regulation', () => {
    const [line] = formulas(transport({ mode: 'LAND', amount: 4_000_000 }), 1_000_000, [
      {
        ...otherClaim('c-0', transport({ mode: 'LAND', amount: 3_000_000 }), 'APPROVED'),
        assessment: assessClaim({
          ...context(),
          request: transport({ mode: 'LAND', amount: 3_000_000 }),
          assessedOn: '2025-03-20',
        }),
      },
    ]);
    expect(line.formula).toMatch(
      /^Rp 4,000,000: the cost incurred, .*capped at Rp 2,000,000 remaining.* = Rp 2,000,000$/,
    );
    expect(line.regulation).toMatch(/^PP 82\/2019 annex III/);
  });

  it('a scholarship before PP 82/2019: the one-off amount, PP 44/2015', () => {
    const line = {
      code: 'SCHOLARSHIP' as const,
      description: 'Scholarship',
      amount: 12_000_000,
      payee: { kind: 'HEIR' as const, name: 'Siti' },
      basis:
        'fixed Rp 12,000,000 per member; PP 44/2015 art. 25 and art. 34 (scholarship Rp 12,000,000 per member)',
    };
    expect(lineFormula(line, request({ benefit: 'SCHOLARSHIP' }), 1_000_000)).toEqual({
      formula: 'fixed Rp 12,000,000 per member = Rp 12,000,000',
      regulation: 'PP 44/2015 art. 25 and art. 34 (scholarship Rp 12,000,000 per member)',
    });
  });
});
