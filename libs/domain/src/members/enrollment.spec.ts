import { validateEnrollment, validateHeir, UntrustedEnrollment } from './enrollment';
import { nikDatePart, validateNik } from './nik';
import { rosterRowToEnrollment } from './roster-row';

const valid: UntrustedEnrollment = {
  nik: '1606011205850001',
  fullName: 'Ahmad Fauzi',
  birthDate: '1985-05-12',
  sex: 'M',
  village: 'Balai Agung',
  subdistrict: 'Sekayu',
  occupation: 'petani karet',
  p3keDesil: 2,
  coverageStart: '2025-01-01',
};

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('DOMAIN.md 1: a NIK is 16 digits; digits 7-12 are the birth date DDMMYY, women add 40 to DD', () => {
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

describe('DOMAIN.md 1: enrollment fields', () => {
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

describe('DOMAIN.md 1: field bounds shared by HTTP enrollment and the roster import', () => {
  const today = '2025-02-10';
  const errorsOf = (overrides: UntrustedEnrollment) =>
    validateEnrollment({ ...valid, ...overrides }, { today });

  it('names, village, subdistrict and occupation hold at most 200 characters', () => {
    expect(errorsOf({ fullName: 'a'.repeat(200), subdistrict: 'S'.repeat(200) })).toEqual([]);
    expect(errorsOf({ subdistrict: 'S'.repeat(8_000), village: 'v'.repeat(201) })).toEqual([
      { field: 'village', message: 'must be at most 200 characters' },
      { field: 'subdistrict', message: 'must be at most 200 characters' },
    ]);
  });

  it('a NUL, another control character or a lone surrogate in any text field is a field error', () => {
    expect(
      fields(
        errorsOf({
          fullName: 'Siti\u0000',
          village: 'Balai\uD800',
          occupation: 'petani\u001B',
          subdistrict: '\uDC00x',
        }),
      ),
    ).toEqual(['fullName', 'village', 'subdistrict', 'occupation']);
    expect(errorsOf({ fullName: 'Siti 😀 Rahmawati\tbinti Ahmad' })).toEqual([]);
    expect(fields(validateHeir({ fullName: 'Rina\u0000', relationship: 'SPOUSE' }, 'heirs[0]'))).toEqual([
      'heirs[0].fullName',
    ]);
  });

  it('a birth date lies between 1900-01-01 and today', () => {
    expect(errorsOf({ nik: '1606010101000001', birthDate: '1900-01-01' })).toEqual([]);
    expect(errorsOf({ nik: '1606013112990001', birthDate: '1899-12-31' })).toEqual([
      { field: 'birthDate', message: 'must not be before 1900-01-01' },
    ]);
    expect(errorsOf({ nik: '1606010101990001', birthDate: '2099-01-01' })).toEqual([
      { field: 'birthDate', message: `must not be after ${today}` },
    ]);
  });

  it('coverage starts no earlier than the first schedule (2015-07-01) and at most a year after today', () => {
    expect(errorsOf({ coverageStart: '2015-07-01' })).toEqual([]);
    expect(errorsOf({ coverageStart: '2026-02-01' })).toEqual([]);
    expect(errorsOf({ coverageStart: '2015-06-01' })).toEqual([
      { field: 'coverageStart', message: 'must not be before 2015-07-01' },
    ]);
    expect(errorsOf({ coverageStart: '9999-12-01' })).toEqual([
      { field: 'coverageStart', message: 'must not be after 2026-02-10' },
    ]);
  });

  it('a declared income above the schedule maximum (Rp 50,000,000) is refused', () => {
    expect(errorsOf({ declaredMonthlyIncome: 50_000_000 })).toEqual([]);
    expect(errorsOf({ declaredMonthlyIncome: 9_007_199_254_740_991 })).toEqual([
      { field: 'declaredMonthlyIncome', message: 'must be at most 50000000' },
    ]);
    expect(
      validateEnrollment(
        { ...valid, declaredMonthlyIncome: 60_000_000 },
        { maximumMonthlyIncome: 70_000_000 },
      ),
    ).toEqual([]);
  });

  it('the roster import applies the same rules to a CSV row', () => {
    const row = {
      ...valid,
      p3keDesil: '2',
      subdistrict: 'S'.repeat(8_000),
      birthDate: '1985-05-12',
    } as Record<string, string>;
    expect(rosterRowToEnrollment(row, 3, { today })).toEqual({
      ok: false,
      errors: [{ row: 3, field: 'subdistrict', message: 'must be at most 200 characters' }],
    });
    const nul = { ...row, subdistrict: 'Seka\u0000yu', coverageStart: '9999-12-01' };
    expect(rosterRowToEnrollment(nul, 4, { today })).toEqual({
      ok: false,
      errors: [
        { row: 4, field: 'subdistrict', message: 'must not contain NUL or other control characters' },
        { row: 4, field: 'coverageStart', message: 'must not be after 2026-02-10' },
      ],
    });
  });
});

describe('DOMAIN.md 1: heirs carry a relationship; children carry a birth date', () => {
  it('accepts every listed relationship', () => {
    for (const relationship of [
      'SPOUSE',
      'PARENT',
      'GRANDPARENT',
      'GRANDCHILD',
      'SIBLING',
      'PARENT_IN_LAW',
      'TESTAMENTARY',
    ]) {
      expect(validateHeir({ fullName: 'X', relationship }, 'heirs[0]')).toEqual([]);
    }
    expect(
      validateHeir({ fullName: 'X', relationship: 'CHILD', birthDate: '2015-01-01' }, 'heirs[0]'),
    ).toEqual([]);
  });

  it('names the heir field that is wrong by its path', () => {
    const errors = validateEnrollment({
      ...valid,
      heirs: [
        { fullName: 'Siti', relationship: 'WIFE' },
        { fullName: 'Budi', relationship: 'CHILD' },
        { fullName: 'Rina', relationship: 'CHILD', birthDate: '2015-13-01' },
        { fullName: '', relationship: 'SIBLING', nik: '123' },
      ],
    });
    expect(fields(errors)).toEqual([
      'heirs[0].relationship',
      'heirs[1].birthDate',
      'heirs[2].birthDate',
      'heirs[3].fullName',
      'heirs[3].nik',
    ]);
  });

  it('heirs must be an array', () => {
    expect(fields(validateEnrollment({ ...valid, heirs: {} }))).toEqual(['heirs']);
  });
});

describe('DOMAIN.md 1: every roster row becomes a member or is reported with its row number, field and reason', () => {
  const record = {
    nik: ' 1606011205850001 ',
    fullName: 'Ahmad Fauzi',
    birthDate: '1985-05-12',
    sex: 'M',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: '3',
    declaredMonthlyIncome: '',
    coverageStart: '2025-01-01',
  };

  it('maps a valid row, trimming cells; an empty income means the programme default', () => {
    const result = rosterRowToEnrollment(record, 1);
    expect(result).toEqual({
      ok: true,
      input: {
        nik: '1606011205850001',
        fullName: 'Ahmad Fauzi',
        birthDate: '1985-05-12',
        sex: 'M',
        village: 'Balai Agung',
        subdistrict: 'Sekayu',
        occupation: 'petani karet',
        p3keDesil: 3,
        coverageStart: '2025-01-01',
      },
    });
  });

  it('parses a declared income', () => {
    const result = rosterRowToEnrollment({ ...record, declaredMonthlyIncome: '1500000' }, 1);
    expect(result.ok && result.input.declaredMonthlyIncome).toBe(1_500_000);
  });

  it('reports each bad field with the row number', () => {
    const result = rosterRowToEnrollment(
      { ...record, p3keDesil: '4', coverageStart: '2025-01-15', declaredMonthlyIncome: '1.000.000' },
      17,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 17, field: 'p3keDesil', message: 'must be 1, 2 or 3' },
        { row: 17, field: 'declaredMonthlyIncome', message: 'must be an integer amount of Rupiah' },
        { row: 17, field: 'coverageStart', message: 'must be the first day of a month' },
      ],
    });
  });

  it('reports missing and empty cells as required', () => {
    const result = rosterRowToEnrollment({ nik: '1606011205850001' }, 2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.field)).toEqual(
        expect.arrayContaining(['fullName', 'birthDate', 'sex', 'p3keDesil', 'coverageStart']),
      );
      expect(result.errors.find((e) => e.field === 'declaredMonthlyIncome')).toBeUndefined();
    }
  });
});
