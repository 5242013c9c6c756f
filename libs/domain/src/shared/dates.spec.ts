import { addMonths, monthFromIndex, monthIndex } from './dates';

describe('month arithmetic', () => {
  it('adds months across year ends in both directions', () => {
    expect(addMonths('2025-01', 0)).toBe('2025-01');
    expect(addMonths('2025-11', 1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-03', 25)).toBe('2027-04');
    expect(addMonths('2025-03', -27)).toBe('2022-12');
  });

  it('numbers consecutive months consecutively and round-trips every month of a century', () => {
    expect(monthIndex('2025-01') - monthIndex('2024-12')).toBe(1);
    for (let i = monthIndex('1950-01'); i <= monthIndex('2050-12'); i++) {
      const month = monthFromIndex(i);
      expect(month).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      expect(monthIndex(month)).toBe(i);
    }
  });

  it('pads years below 1000 to four digits', () => {
    expect(monthFromIndex(monthIndex('0999-12') + 1)).toBe('1000-01');
    expect(addMonths('0001-01', -1)).toBe('0000-12');
  });
});
