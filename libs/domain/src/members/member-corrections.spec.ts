import { DomainError } from '../shared/domain-error';
import { memberDecider } from './member.decider';
import { enrolled, paid, stateOf } from './member.fixtures';

const reverseMonth = (period: string, paymentId: string) =>
  ({
    type: 'ReverseContributionMonth',
    data: { period, paymentId, reversalId: 'r1', reason: 'returned' },
  }) as const;
const correct = (changes: Record<string, unknown>) =>
  ({
    type: 'CorrectMember',
    data: { changes, reason: 'typed wrong', actor: 'enr-1', at: 'T', today: '2026-03-16' },
  }) as const;

describe('member ledger corrections (docs/benefit-rules.md "Corrections")', () => {
  const history = [enrolled(), paid('2025-01', '2025-01-10'), paid('2025-02', '2025-02-10')];

  it('a reversed month counts as never paid by that payment, and may be paid again', () => {
    const events = memberDecider.decide(reverseMonth('2025-01', 'pay-2025-01-2025-01-10'), stateOf(history));
    expect(events).toMatchObject([
      { type: 'ContributionMonthReversed', data: { period: '2025-01', amount: expect.any(Number) } },
    ]);
    const after = stateOf([...history, ...events]);
    expect(after.paidMonths.map((m) => m.period)).toEqual(['2025-02']);
    // The same reversal again (a resumed run) writes nothing; so does one by another payment.
    expect(memberDecider.decide(reverseMonth('2025-01', 'pay-2025-01-2025-01-10'), after)).toEqual([]);
    expect(memberDecider.decide(reverseMonth('2025-02', 'other'), after)).toEqual([]);
    const repaid = memberDecider.decide(
      {
        type: 'RecordContributionMonth',
        data: { period: '2025-01', paidOn: '2025-03-01', paymentId: 'later' },
      },
      after,
    );
    expect(repaid).toHaveLength(1);
  });

  it('a correction records the changes and the previous values, and the member follows', () => {
    const events = memberDecider.decide(
      correct({ fullName: ' Ahmad Fauzan ', village: 'Kayuara' }),
      stateOf(history),
    );
    expect(events).toEqual([
      {
        type: 'MemberCorrected',
        data: {
          memberId: 'member-1',
          changes: { fullName: 'Ahmad Fauzan', village: 'Kayuara' },
          previous: { fullName: 'Ahmad Fauzi', village: 'Balai Agung' },
          reason: 'typed wrong',
          correctedBy: 'enr-1',
          at: 'T',
        },
      },
    ]);
    expect(stateOf([...history, ...events]).fullName).toBe('Ahmad Fauzan');
  });

  it('a corrected birth date must still match the NIK (or come with a matching NIK)', () => {
    expect(() => memberDecider.decide(correct({ birthDate: '1985-05-13' }), stateOf(history))).toThrow(
      DomainError,
    );
    const events = memberDecider.decide(
      correct({ birthDate: '1985-05-13', nik: '1606011305850001' }),
      stateOf(history),
    );
    expect(events[0].data).toMatchObject({ changes: { birthDate: '1985-05-13', nik: '1606011305850001' } });
  });

  it('an unknown field, no change at all, or no reason is refused; the same values again write nothing', () => {
    expect(() => memberDecider.decide(correct({ coverageStart: '2025-02-01' }), stateOf(history))).toThrow(
      DomainError,
    );
    expect(() => memberDecider.decide(correct({}), stateOf(history))).toThrow(DomainError);
    expect(memberDecider.decide(correct({ fullName: 'Ahmad Fauzi' }), stateOf(history))).toEqual([]);
  });
});
