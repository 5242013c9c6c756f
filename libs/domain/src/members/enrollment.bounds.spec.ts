import { validateEnrollment, validateHeir, UntrustedEnrollment } from './enrollment';
import { rosterRowToEnrollment } from './roster-row';
import { valid, fields } from './enrollment.fixtures';

describe('docs/benefit-rules.md "Members": field bounds shared by HTTP enrollment and the roster import', () => {
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

describe('docs/benefit-rules.md "Members": heirs carry a relationship; children carry a birth date', () => {
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

describe('docs/benefit-rules.md "Members": every roster row becomes a member or is reported with its row number, field and reason', () => {
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
