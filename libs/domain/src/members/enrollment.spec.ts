import { validateEnrollment } from './enrollment';
import { nikDatePart, validateNik } from './nik';
import { valid, fields } from './enrollment.fixtures';

describe('docs/benefit-rules.md "Members": a NIK is 16 digits; digits 7-12 are the birth date DDMMYY, women add 40 to DD', () => {
  it('accepts a man whose digits 7-12 are his birth date', () => {
    expect(validateNik('1606011205850001', '1985-05-12', 'M')).toEqual([]);
  });

  it('accepts a woman whose day is increased by 40', () => {
    expect(nikDatePart('1990-03-07', 'F')).toBe('470390');
    expect(validateNik('1606064703900002', '1990-03-07', 'F')).toEqual([]);
  });

  it('rejects a woman whose NIK carries the day without adding 40', () => {
    expect(fields(validateNik('1606060703900002', '1990-03-07', 'F'))).toEqual(['nik']);
  });

  it('rejects a man whose NIK carries the day plus 40', () => {
    expect(fields(validateNik('1606065205850001', '1985-05-12', 'M'))).toEqual(['nik']);
  });

  it('rejects a NIK whose date part does not match birthDate', () => {
    const errors = validateNik('1606011305850001', '1985-05-12', 'M');
    expect(errors).toEqual([{ field: 'nik', message: expect.stringContaining('expected 120585') }]);
  });

  it.each(['160601120585001', '16060112058500011', '16060112058500a1', '', 1606011205850001])(
    'rejects a NIK that is not exactly 16 digits (%p)',
    (nik) => {
      expect(validateNik(nik, '1985-05-12', 'M')).toEqual([
        { field: 'nik', message: 'must be exactly 16 digits' },
      ]);
    },
  );

  it('uses the two-digit year, so a birth in 2001 is YY 01', () => {
    expect(validateNik('1606070102010003', '2001-02-01', 'M')).toEqual([]);
  });
});

describe('docs/benefit-rules.md "Members": enrollment fields', () => {
  it('accepts a complete enrollment without a declared income (programme default)', () => {
    expect(validateEnrollment(valid)).toEqual([]);
  });

  it('coverage start must be the first day of a month', () => {
    expect(validateEnrollment({ ...valid, coverageStart: '2025-01-15' })).toEqual([
      { field: 'coverageStart', message: 'must be the first day of a month' },
    ]);
    expect(fields(validateEnrollment({ ...valid, coverageStart: '2025-02-30' }))).toEqual(['coverageStart']);
  });

  it('declared monthly income is an integer of at least Rp 1,000,000', () => {
    expect(validateEnrollment({ ...valid, declaredMonthlyIncome: 1_000_000 })).toEqual([]);
    expect(fields(validateEnrollment({ ...valid, declaredMonthlyIncome: 999_999 }))).toEqual([
      'declaredMonthlyIncome',
    ]);
    expect(fields(validateEnrollment({ ...valid, declaredMonthlyIncome: 1_500_000.5 }))).toEqual([
      'declaredMonthlyIncome',
    ]);
    expect(fields(validateEnrollment({ ...valid, declaredMonthlyIncome: '1000000' }))).toEqual([
      'declaredMonthlyIncome',
    ]);
  });

  it('the minimum income is a parameter (from the schedule)', () => {
    expect(
      fields(
        validateEnrollment(
          { ...valid, declaredMonthlyIncome: 1_000_000 },
          { minimumMonthlyIncome: 1_200_000 },
        ),
      ),
    ).toEqual(['declaredMonthlyIncome']);
  });

  it('P3KE decile is 1, 2 or 3', () => {
    expect(fields(validateEnrollment({ ...valid, p3keDesil: 4 }))).toEqual(['p3keDesil']);
    expect(fields(validateEnrollment({ ...valid, p3keDesil: '1' }))).toEqual(['p3keDesil']);
  });

  it('sex is M or F, birth date a real date, names non-empty', () => {
    expect(
      fields(
        validateEnrollment({
          ...valid,
          sex: 'L',
          birthDate: '1985-02-30',
          fullName: '  ',
          village: undefined,
        }),
      ),
    ).toEqual(['fullName', 'birthDate', 'sex', 'village']);
  });

  it('reports one error per bad field', () => {
    const errors = validateEnrollment({});
    expect(new Set(fields(errors)).size).toBe(errors.length);
    expect(fields(errors).sort()).toEqual(
      [
        'birthDate',
        'coverageStart',
        'fullName',
        'nik',
        'occupation',
        'p3keDesil',
        'sex',
        'subdistrict',
        'village',
      ].sort(),
    );
  });

  it('rejects a birth date after today when today is given', () => {
    const errors = validateEnrollment(valid, { today: '1985-05-11' });
    expect(errors).toContainEqual({ field: 'birthDate', message: 'must not be after 1985-05-11' });
  });
});
