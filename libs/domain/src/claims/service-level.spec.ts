import {
  addWorkingDays,
  isWorkingDay,
  latePenalty,
  workRelationDecisionDue,
  workRelationSlaBreached,
} from './service-level';

describe('service level (PP 44/2015 art. 37): due 7 working days after the claim is complete', () => {
  it('weekends do not count: Monday + 7 working days is the Wednesday after next', () => {
    expect(addWorkingDays('2025-03-03', 7)).toBe('2025-03-12');
  });

  it('a claim complete on a Friday is due on the Tuesday after next', () => {
    expect(addWorkingDays('2025-03-07', 7)).toBe('2025-03-18');
  });

  it('a claim complete on a Saturday counts from Monday', () => {
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-08', 7)).toBe('2025-03-18');
  });

  it('public holidays passed in do not count', () => {
    // Nyepi 2025-03-29 is a Saturday; Idul Fitri 2025-03-31 and 2025-04-01 are weekdays.
    expect(addWorkingDays('2025-03-27', 7, ['2025-03-31', '2025-04-01'])).toBe('2025-04-09');
  });

  it('zero working days is the same day', () => {
    expect(addWorkingDays('2025-03-07', 0)).toBe('2025-03-07');
    expect(isWorkingDay('2025-03-08')).toBe(false);
    expect(isWorkingDay('2025-03-10', ['2025-03-10'])).toBe(false);
  });
});

describe('late penalty: 1% of the benefit per calendar day late, rounded half up', () => {
  it('paid on the due date: no penalty', () => {
    expect(latePenalty(42_000_000, '2025-03-12', '2025-03-12', 1)).toBe(0);
    expect(latePenalty(42_000_000, '2025-03-12', '2025-03-10', 1)).toBe(0);
  });

  it('one day late: 1%', () => {
    expect(latePenalty(42_000_000, '2025-03-12', '2025-03-13', 1)).toBe(420_000);
  });

  it('every calendar day counts, weekends too', () => {
    expect(latePenalty(42_000_000, '2025-03-14', '2025-03-17', 1)).toBe(1_260_000);
  });

  it('rounded half up to the Rupiah', () => {
    expect(latePenalty(150, '2025-03-12', '2025-03-13', 1)).toBe(2); // 1.5
    expect(latePenalty(149, '2025-03-12', '2025-03-13', 1)).toBe(1); // 1.49
  });

  it('the rate comes from the schedule', () => {
    expect(latePenalty(1_000_000, '2025-03-12', '2025-03-14', 0.5)).toBe(10_000);
  });
});

describe('work-relation decision SLA (PP 49/2023): 30 days after the report', () => {
  it('undecided on day 30: no breach; on day 31: a breach', () => {
    const due = workRelationDecisionDue('2025-03-12', 30);
    expect(due).toBe('2025-04-11');
    expect(workRelationSlaBreached(due, '2025-04-11')).toBe(false);
    expect(workRelationSlaBreached(due, '2025-04-12')).toBe(true);
  });

  it('a decision on time ends the clock; a late one stays a breach', () => {
    expect(workRelationSlaBreached('2025-04-11', '2025-06-01', '2025-04-10')).toBe(false);
    expect(workRelationSlaBreached('2025-04-11', '2025-06-01', '2025-04-20')).toBe(true);
  });
});
