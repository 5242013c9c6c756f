import { contributionFor } from './contribution-amount';
import {
  contributionMonthDecision,
  contributionMonthsBefore,
  coverageOn,
  isActiveInPeriod,
  lapseDateOf,
  memberStatusOn,
  paidMonthsOf,
} from './coverage';
import { enrolled, paid, stateOf } from './member.fixtures';
import { MemberDeceased } from './member.events';

const died = (dateOfDeath: string): MemberDeceased => ({
  type: 'MemberDeceased',
  data: { memberId: 'member-1', dateOfDeath, claimId: 'claim-death' },
});

// Coverage from 2025-01-01; January and February paid on time; March, April, May unpaid.
const janFebPaid = [enrolled(), paid('2025-01', '2025-01-10'), paid('2025-02', '2025-02-10')];

describe('docs/benefit-rules.md "Contributions and coverage" Lapse (P): a membership lapses on the first day of month M+3 when months M, M+1 and M+2 were all unpaid on that day', () => {
  it('lapses on the first day of the fourth month when nothing was ever paid', () => {
    expect(lapseDateOf(stateOf([enrolled()]))).toBe('2025-04-01');
  });

  it('lapses on 2025-06-01 when March, April and May are unpaid on that day', () => {
    expect(lapseDateOf(stateOf(janFebPaid))).toBe('2025-06-01');
  });

  it('a payment dated the lapse day itself counts as paid on that day: no lapse then', () => {
    const state = stateOf([...janFebPaid, paid('2025-03', '2025-06-01')]);
    // March paid on 06-01, so the next all-unpaid window is April, May, June: lapse on 07-01.
    expect(lapseDateOf(state)).toBe('2025-07-01');
    expect(memberStatusOn(state, '2025-06-01')).toEqual({ status: 'ACTIVE' });
  });

  it('a payment dated the day after the lapse day does not revive it', () => {
    const state = stateOf([...janFebPaid, paid('2025-03', '2025-06-02')]);
    expect(lapseDateOf(state)).toBe('2025-06-01');
    expect(memberStatusOn(state, '2025-06-02')).toEqual({ status: 'LAPSED', lapsedOn: '2025-06-01' });
  });

  it('only months on or after the coverage start count toward a lapse', () => {
    // Coverage from May: January to April are not "unpaid months" of this membership.
    expect(lapseDateOf(stateOf([enrolled({ coverageStart: '2025-05-01' })]))).toBe('2025-08-01');
  });

  it('a late payment made before the lapse date moves a future lapse date', () => {
    const state = stateOf([enrolled(), paid('2025-01', '2025-03-20')]);
    // January was paid on 03-20 <= 04-01; February, March, April unpaid on 05-01.
    expect(lapseDateOf(state)).toBe('2025-05-01');
  });

  it('advance payments push the lapse date out to three months after the last paid month', () => {
    const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
    const state = stateOf([enrolled(), ...months.map((m) => paid(`2025-${m}`, '2025-01-05'))]);
    expect(lapseDateOf(state)).toBe('2026-04-01');
    expect(memberStatusOn(state, '2026-03-31')).toEqual({ status: 'ACTIVE' });
    expect(memberStatusOn(state, '2026-04-01')).toEqual({ status: 'LAPSED', lapsedOn: '2026-04-01' });
  });

  it('a gap of two unpaid months does not lapse; a third does', () => {
    const twoGap = stateOf([enrolled(), paid('2025-01', '2025-01-10'), paid('2025-04', '2025-03-31')]);
    // Feb, Mar unpaid; April paid on 03-31 <= 04-01, so the Feb-Apr window is not all unpaid.
    expect(lapseDateOf(twoGap)).toBe('2025-08-01');
  });

  it('the lapse length is a parameter (from the schedule)', () => {
    expect(lapseDateOf(stateOf(janFebPaid), 6)).toBe('2025-09-01');
  });

  it('a member that does not exist has no lapse date', () => {
    expect(lapseDateOf(stateOf([]))).toBeUndefined();
  });
});

describe('member status on a day', () => {
  it('is ACTIVE the day before the lapse date and LAPSED on it', () => {
    const state = stateOf(janFebPaid);
    expect(memberStatusOn(state, '2025-05-31')).toEqual({ status: 'ACTIVE' });
    expect(memberStatusOn(state, '2025-06-01')).toEqual({ status: 'LAPSED', lapsedOn: '2025-06-01' });
  });

  it('is DECEASED from the date of death', () => {
    const state = stateOf([...janFebPaid, paid('2025-03', '2025-03-01'), died('2025-03-15')]);
    expect(memberStatusOn(state, '2025-03-14')).toEqual({ status: 'ACTIVE' });
    expect(memberStatusOn(state, '2025-03-15')).toEqual({ status: 'DECEASED', deceasedOn: '2025-03-15' });
  });
});

describe('docs/benefit-rules.md "Contributions and coverage" Coverage on a date D', () => {
  const allPaidOnTime = [
    enrolled(),
    paid('2025-01', '2025-01-10'),
    paid('2025-02', '2025-02-10'),
    paid('2025-03', '2025-03-10'),
  ];

  it('holds when D is after the coverage start, not lapsed, and month(D) is paid by the assessment', () => {
    expect(coverageOn(stateOf(allPaidOnTime), '2025-03-01', '2025-03-10')).toEqual({ covered: true });
  });

  it('NOT_COVERED: D is before the coverage start', () => {
    const result = coverageOn(stateOf(allPaidOnTime), '2024-12-31', '2025-03-10');
    expect(result).toMatchObject({ covered: false, reason: 'NOT_COVERED' });
    expect(coverageOn(stateOf(allPaidOnTime), '2025-01-01', '2025-03-10')).toEqual({ covered: true });
  });

  it('COVERAGE_LAPSED: the membership lapsed on or before D (the lapse day itself included)', () => {
    const state = stateOf(janFebPaid);
    expect(coverageOn(state, '2025-06-01', '2025-07-01')).toMatchObject({
      covered: false,
      reason: 'COVERAGE_LAPSED',
    });
    expect(coverageOn(state, '2025-05-31', '2025-07-01')).toMatchObject({
      covered: false,
      reason: 'CONTRIBUTION_UNPAID', // May itself was never paid
    });
  });

  it('COVERAGE_LAPSED wins over CONTRIBUTION_UNPAID, NOT_COVERED over both (the rule order)', () => {
    const neverPaid = stateOf([enrolled()]);
    expect(coverageOn(neverPaid, '2025-04-15', '2025-05-01')).toMatchObject({ reason: 'COVERAGE_LAPSED' });
    expect(coverageOn(neverPaid, '2024-04-15', '2025-05-01')).toMatchObject({ reason: 'NOT_COVERED' });
  });

  it('CONTRIBUTION_UNPAID: month(D) has no payment dated on or before the assessment', () => {
    const state = stateOf([enrolled(), paid('2025-01', '2025-01-20')]);
    expect(coverageOn(state, '2025-01-05', '2025-01-19')).toMatchObject({ reason: 'CONTRIBUTION_UNPAID' });
    expect(coverageOn(state, '2025-01-05', '2025-01-20')).toEqual({ covered: true });
  });

  it('a late payment for the incident month before the lapse covers an incident in that month', () => {
    const state = stateOf([enrolled(), paid('2025-02', '2025-03-25')]);
    expect(coverageOn(state, '2025-02-14', '2025-04-10')).toEqual({ covered: true });
  });

  it('an accident before a later lapse is still covered', () => {
    const state = stateOf(janFebPaid);
    expect(coverageOn(state, '2025-02-20', '2025-09-01')).toEqual({ covered: true });
  });
});

describe('docs/benefit-rules.md "Contributions and coverage" Contribution months: the paid months from the coverage start through the month of the date', () => {
  const state = stateOf([
    enrolled(),
    paid('2025-01', '2025-01-10'),
    paid('2025-02', '2025-02-10'),
    paid('2025-04', '2025-03-30'),
    paid('2025-05', '2025-06-15'),
  ]);

  it('counts paid months through the month of the date, inclusive', () => {
    expect(contributionMonthsBefore(state, '2024-12-31')).toBe(0);
    expect(contributionMonthsBefore(state, '2025-01-01')).toBe(1);
    expect(contributionMonthsBefore(state, '2025-04-30')).toBe(3);
    expect(contributionMonthsBefore(state, '2025-12-31')).toBe(4);
  });

  it('with asOf, counts only payments dated on or before it', () => {
    expect(contributionMonthsBefore(state, '2025-05-31', '2025-06-14')).toBe(3);
    expect(contributionMonthsBefore(state, '2025-05-31', '2025-06-15')).toBe(4);
  });

  it('lists the paid months sorted', () => {
    const unordered = stateOf([enrolled(), paid('2025-03', '2025-01-10'), paid('2025-01', '2025-01-10')]);
    expect(paidMonthsOf(unordered)).toEqual(['2025-01', '2025-03']);
  });
});

describe('docs/benefit-rules.md "Contributions and coverage" Monthly contribution: JKK = 1% of declared income, JKM = Rp 6,800', () => {
  it('is Rp 16,800 at Rp 1,000,000, and Rp 756,000,000 a month for 45,000 members', () => {
    expect(contributionFor(1_000_000)).toEqual({ jkk: 10_000, jkm: 6_800, total: 16_800 });
    expect(45_000 * contributionFor(1_000_000).total).toBe(756_000_000);
  });

  it('rounds JKK to the nearest Rupiah, half up', () => {
    expect(contributionFor(1_234_550).jkk).toBe(12_346);
    expect(contributionFor(1_234_549).jkk).toBe(12_345);
  });

  it('takes its rates from the schedule', () => {
    expect(contributionFor(2_000_000, { jkkRatePercent: 0.24, jkmMonthly: 6_800 })).toEqual({
      jkk: 4_800,
      jkm: 6_800,
      total: 11_600,
    });
  });
});

describe('which sponsor payments a member-month accepts', () => {
  it('PAY a month of the membership that is not yet paid', () => {
    expect(contributionMonthDecision(stateOf(janFebPaid), '2025-03', '2025-03-05')).toBe('PAY');
  });

  it('ALREADY_PAID: a member-month is paid at most once', () => {
    expect(contributionMonthDecision(stateOf(janFebPaid), '2025-02', '2025-03-05')).toBe('ALREADY_PAID');
  });

  it('NOT_ACTIVE before the coverage start', () => {
    expect(contributionMonthDecision(stateOf(janFebPaid), '2024-12', '2024-12-05')).toBe('NOT_ACTIVE');
  });

  it('late payments for months before the lapse are accepted; months from the lapse month on are not', () => {
    const state = stateOf(janFebPaid); // lapsed on 2025-06-01
    expect(contributionMonthDecision(state, '2025-05', '2025-07-01')).toBe('PAY');
    expect(contributionMonthDecision(state, '2025-06', '2025-07-01')).toBe('NOT_ACTIVE');
    expect(contributionMonthDecision(state, '2025-06', '2025-06-01')).toBe('NOT_ACTIVE');
  });

  it('an advance payment made before a (future) lapse date is accepted: the lapse may yet be averted', () => {
    expect(contributionMonthDecision(stateOf(janFebPaid), '2025-12', '2025-05-31')).toBe('PAY');
  });

  it('NOT_ACTIVE for months after the month of death; the month of death itself is payable', () => {
    const state = stateOf([...janFebPaid, died('2025-03-15')]);
    expect(contributionMonthDecision(state, '2025-03', '2025-03-20')).toBe('PAY');
    expect(contributionMonthDecision(state, '2025-04', '2025-03-20')).toBe('NOT_ACTIVE');
  });

  it('NOT_ACTIVE for a member that does not exist', () => {
    expect(contributionMonthDecision(stateOf([]), '2025-03', '2025-03-20')).toBe('NOT_ACTIVE');
  });

  it('a member is active in a period unless a payment would be NOT_ACTIVE', () => {
    expect(isActiveInPeriod(stateOf(janFebPaid), '2025-05', '2025-05-10')).toBe(true);
    expect(isActiveInPeriod(stateOf(janFebPaid), '2025-06', '2025-06-10')).toBe(false);
  });
});
