import { redactDeep, redactNiks } from './nik-redaction';

describe('NIKs never appear in logs', () => {
  const nik = '1606014507850003';

  it('masks a 16-digit NIK inside any string, keeping the region code', () => {
    expect(redactNiks(`GET /api/members?nik=${nik}&limit=5`)).toBe(
      'GET /api/members?nik=1606************&limit=5',
    );
    expect(redactNiks(`duplicate ${nik}.`)).not.toContain(nik);
  });

  it('leaves other numbers alone (amounts, 15 and 17 digits)', () => {
    expect(redactNiks('Rp 244000000, ref 123456789012345, 12345678901234567')).toBe(
      'Rp 244000000, ref 123456789012345, 12345678901234567',
    );
  });

  it('redacts nested objects, `nik` keys, numeric NIKs and error messages', () => {
    const out = JSON.stringify(
      redactDeep({
        body: { nik, heirs: [{ nik: '1606015507900001' }] },
        asNumber: Number(nik),
        err: new Error(`NIK ${nik} already enrolled`),
      }),
    );
    expect(out).not.toContain(nik);
    expect(out).not.toContain('1606015507900001');
    expect(out).toContain('already enrolled');
  });
});
