import { DomainError } from '../shared/domain-error';
import { assessClaim } from './assess';
import { jkkDeath, medical, member, request } from './claim.fixtures';
import { ClaimRequest } from './claim.types';

const HUGE_INCOME = Number.MAX_SAFE_INTEGER;

function refusal(req: ClaimRequest, income = HUGE_INCOME): DomainError {
  try {
    assessClaim({
      request: req,
      member: member({ declaredMonthlyIncome: income }),
      otherClaims: [],
      assessedOn: '2025-04-01',
    });
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the assessment was computed');
}

describe('amounts are safe integers where they are computed (AMOUNT_OUT_OF_RANGE, never a RangeError)', () => {
  it('a JKK death benefit of 48 × an income of 9,007,199,254,740,991 is refused, naming the amount', () => {
    const e = refusal(jkkDeath());
    expect(e.code).toBe('AMOUNT_OUT_OF_RANGE');
    expect(e.kind).toBe('not_allowed');
    expect(e.message).toContain('JKK death benefit');
  });

  it('temporary incapacity at such an income is refused (was a RangeError: a 500)', () => {
    const e = refusal(
      request({
        benefit: 'JKK_TEMPORARY_INCAPACITY',
        incidentDate: '2025-03-10',
        reportedOn: '2025-03-20',
        incapacityFrom: '2025-03-10',
        incapacityTo: '2025-03-19',
      }),
    );
    expect(e.code).toBe('AMOUNT_OUT_OF_RANGE');
    expect(e.message).toContain('temporary incapacity');
  });

  it('an invoice beyond a safe integer is refused', () => {
    expect(refusal(medical({ invoiceAmount: 2 ** 60 }), 1_000_000).code).toBe('AMOUNT_OUT_OF_RANGE');
  });
});
