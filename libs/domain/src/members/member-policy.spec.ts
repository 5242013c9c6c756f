import { loadSchedule } from '../schedule/schedule';
import { SCHEDULE_DATA } from '../schedule/schedule.data';
import { membershipPolicyOn } from './member-policy';

describe('membership rules come from the effective-dated schedule (data, not code)', () => {
  it('under PP 82/2019: minimum income Rp 1,000,000, lapse after 3 unpaid months, JKK 1% + JKM Rp 6,800', () => {
    expect(membershipPolicyOn('2025-01-01')).toEqual({
      minimumMonthlyIncome: 1_000_000,
      maximumMonthlyIncome: 50_000_000,
      lapseMonths: 3,
      contributionRates: { jkkRatePercent: 1, jkmMonthly: 6_800 },
    });
  });

  it('a new schedule version changes the rules from its effective date', () => {
    const data = structuredClone(SCHEDULE_DATA) as unknown as Array<Record<string, unknown>>;
    const next = structuredClone(data[data.length - 1]) as {
      version: string;
      effectiveFrom: string;
      membership: { lapseMonths: number };
    };
    next.version = 'TEST-2030';
    next.effectiveFrom = '2030-01-01';
    next.membership.lapseMonths = 6;
    const versions = loadSchedule([...data, next]);
    expect(membershipPolicyOn('2029-12-01', versions).lapseMonths).toBe(3);
    expect(membershipPolicyOn('2030-01-01', versions).lapseMonths).toBe(6);
  });

  it('dates before the first version, or not dates at all, use the first version', () => {
    expect(membershipPolicyOn('2001-01-01').lapseMonths).toBe(3);
    expect(membershipPolicyOn('not a date').minimumMonthlyIncome).toBe(1_000_000);
  });
});
