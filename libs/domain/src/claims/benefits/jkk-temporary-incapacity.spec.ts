import { assess, amounts, codes } from '../assess.fixtures';
import { jkkDeath, member, paidMonths, request } from '../claim.fixtures';
import { ClaimRequest } from '../claim.types';

/** A member covered since 2018, as incidents before PP 82/2019 need. */
const since2018 = member({ coverageStart: '2018-01-01', paidMonths: paidMonths('2018-01', '2030-12') });
const incapacity = (incidentDate: string, from: string, to: string, o: Partial<ClaimRequest> = {}) =>
  request({
    benefit: 'JKK_TEMPORARY_INCAPACITY',
    incidentDate,
    incapacityFrom: from,
    incapacityTo: to,
    reportedOn: '2019-12-01',
    ...o,
  });

describe('before PP 82/2019 (incidents before 2019-12-02): the schedule of PP 44/2015', () => {
  it('temporary incapacity 100% for the first 6 months, 75% for the next 6, 50% after: one line per rate', () => {
    // Accident 2018-06-01: 100% to 2018-11-30, 75% to 2019-05-31, 50% from 2019-06-01.
    const a = assess(incapacity('2018-06-01', '2018-11-21', '2019-06-10'), {
      member: since2018,
      assessedOn: '2019-12-01',
    });
    expect(a.scheduleVersion).toBe('PP44-2015');
    // 10 days × 1m/30 at 100% = 333,333; 182 days at 75% = 4,550,000; 10 days at 50% = 166,667
    expect(amounts(a)).toEqual([
      ['TEMPORARY_INCAPACITY', 333_333],
      ['TEMPORARY_INCAPACITY', 4_550_000],
      ['TEMPORARY_INCAPACITY', 166_667],
    ]);
    expect(a.lines.map((l) => l.basis)).toEqual([
      expect.stringMatching(/× 100% \(months 1-6/),
      expect.stringMatching(/× 75% \(months 7-12/),
      expect.stringMatching(/× 50% \(from the 12-month anniversary 2019-06-01/),
    ]);
  });

  it('from 2019-12-02: 100% for 12 months, then 50%', () => {
    const a = assess(incapacity('2019-12-02', '2020-05-25', '2020-06-05', { reportedOn: '2020-07-01' }), {
      member: since2018,
      assessedOn: '2020-07-01',
    });
    expect(a.scheduleVersion).toBe('PP82-2019');
    expect(amounts(a)).toEqual([['TEMPORARY_INCAPACITY', 400_000]]);
  });

  it('a JKK claim expires 2 years after the accident (the day after: TIME_BARRED)', () => {
    const ctx = { member: since2018, assessedOn: '2021-01-01' };
    expect(
      assess(incapacity('2018-06-01', '2018-06-01', '2018-06-10', { reportedOn: '2020-06-01' }), ctx)
        .eligible,
    ).toBe(true);
    const late = assess(
      incapacity('2018-06-01', '2018-06-01', '2018-06-10', { reportedOn: '2020-06-02' }),
      ctx,
    );
    expect(codes(late)).toEqual(['TIME_BARRED']);
    expect(late.reasons[0].message).toMatch(/2 years/);
  });

  it('the JKK death benefit is at least the JKM death benefit of then (Rp 16,200,000)', () => {
    const a = assess(
      jkkDeath({ incidentDate: '2019-01-10', dateOfDeath: '2019-01-12', reportedOn: '2019-02-01' }),
      { member: member({ ...since2018, declaredMonthlyIncome: 300_000 }), assessedOn: '2019-02-01' },
    );
    expect(a.lines.find((l) => l.code === 'DEATH_BENEFIT')?.amount).toBe(16_200_000);
  });
});
