import { HEIR_RELATIONSHIPS, rosterRowToEnrollment, validateHeir, validateNik } from '@app/domain/members';
import {
  decileCounts,
  generateRoster,
  heirsFor,
  mulberry32,
  MUSI_BANYUASIN_SUBDISTRICTS,
  toCsv,
} from './generate-roster';

describe('roster generator', () => {
  it('is reproducible: same options and seed, same rows', () => {
    const a = generateRoster({ rows: 200, seed: 42, invalidRate: 0.05, duplicateRate: 0.05 });
    const b = generateRoster({ rows: 200, seed: 42, invalidRate: 0.05, duplicateRate: 0.05 });
    expect(toCsv(a.rows)).toBe(toCsv(b.rows));
    expect(toCsv(generateRoster({ rows: 200, seed: 43 }).rows)).not.toBe(toCsv(a.rows));
  });

  it('splits deciles in the programme proportions, exactly 12,451 / 24,119 / 8,430 for 45,000 rows', () => {
    expect(decileCounts(45_000)).toEqual([12_451, 24_119, 8_430]);
    expect(decileCounts(1_000).reduce((a, b) => a + b, 0)).toBe(1_000);
    const { rows } = generateRoster({ rows: 45_000, seed: 7 });
    const counts = [0, 0, 0];
    for (const row of rows) counts[Number(row.p3keDesil) - 1]++;
    expect(counts).toEqual([12_451, 24_119, 8_430]);
    expect(new Set(rows.map((r) => r.nik)).size).toBe(45_000);
  });

  it('produces rows that all pass the import rules, with Musi Banyuasin NIKs consistent with birth date and sex', () => {
    const { rows, expected } = generateRoster({ rows: 2_000, seed: 1 });
    expect(expected).toEqual({ valid: 2_000, duplicates: 0, invalid: 0 });
    const codes = new Map<string, string>(MUSI_BANYUASIN_SUBDISTRICTS.map((s) => [s.name, s.code]));
    rows.forEach((row, i) => {
      expect(rosterRowToEnrollment(row, i + 1)).toMatchObject({ ok: true });
      expect(validateNik(row.nik, row.birthDate, row.sex)).toEqual([]);
      expect(row.nik.slice(0, 6)).toBe(`1606${codes.get(row.subdistrict)}`);
      expect(row.coverageStart).toMatch(/^\d{4}-\d{2}-01$/);
      expect(['', '1000000', '1200000', '1500000', '2000000']).toContain(row.declaredMonthlyIncome);
    });
    expect(rows.filter((r) => r.declaredMonthlyIncome === '').length).toBeGreaterThan(rows.length / 2);
  });

  it('sprinkles duplicates and invalid rows in known numbers, each detectable as such', () => {
    const roster = generateRoster({ rows: 1_000, seed: 99, invalidRate: 0.03, duplicateRate: 0.02 });
    expect(roster.expected).toEqual({ valid: 950, duplicates: 20, invalid: 30 });

    // Replay what an import does: validate, then count NIKs seen before as duplicates.
    const seen = new Set<string>();
    let enrolled = 0;
    let duplicates = 0;
    const rejected: { row: number; fields: string[] }[] = [];
    roster.rows.forEach((row, i) => {
      const result = rosterRowToEnrollment(row, i + 1);
      if (!result.ok) rejected.push({ row: i + 1, fields: result.errors.map((e) => e.field) });
      else if (seen.has(result.input.nik)) duplicates++;
      else {
        seen.add(result.input.nik);
        enrolled++;
      }
    });
    expect({ valid: enrolled, duplicates, invalid: rejected.length }).toEqual(roster.expected);
    expect(rejected).toEqual(roster.invalidRows.map((r) => ({ row: r.row, fields: [r.field] })));
  });

  it('writes the roster header and quotes cells that need it', () => {
    const { rows } = generateRoster({ rows: 2, seed: 5 });
    const csv = toCsv([{ ...rows[0], village: 'Teluk "Kijing", I' }, rows[1]]);
    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart',
    );
    expect(lines[1]).toContain('"Teluk ""Kijing"", I"');
    expect(lines).toHaveLength(4); // header, two rows, final newline
  });

  it('gives most members plausible heirs that pass the heir rules', () => {
    const { rows } = generateRoster({ rows: 500, seed: 3 });
    const rng = mulberry32(11);
    let withHeirs = 0;
    for (const row of rows) {
      const heirs = heirsFor(row, rng);
      if (heirs.length > 0) withHeirs++;
      heirs.forEach((heir, i) => {
        expect(validateHeir(heir, `heirs[${i}]`)).toEqual([]);
        expect(HEIR_RELATIONSHIPS).toContain(heir.relationship);
        if (heir.relationship === 'CHILD') {
          expect(heir.birthDate! > row.birthDate).toBe(true);
          expect(heir.birthDate! < row.coverageStart).toBe(true);
        }
      });
      expect(heirs.filter((h) => h.relationship === 'SPOUSE').length).toBeLessThanOrEqual(1);
    }
    expect(withHeirs).toBeGreaterThan(rows.length * 0.9);
  });
});
