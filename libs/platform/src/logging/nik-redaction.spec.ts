import { acceptedCorrelationId } from './correlation-id';
import { redactDeep, redactLogText, redactNiks, redactUrl } from './nik-redaction';

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

describe('request URLs and correlation ids in logs', () => {
  const nik = '1606014507850003';
  const encoded = [...nik].map((d) => `%3${d}`).join('');

  it('redacts `nik` and `ticket` query values however they are spelled or encoded', () => {
    for (const url of [
      `/api/members?nik=${encoded}`,
      `/api/members?NIK=${nik}&nik=${nik}`,
      `/api/members?%6Eik=${nik}`,
      `/api/members?nik[]=${nik}&limit=5`,
      `/api/members?q=${encoded.slice(0, 12)}${nik.slice(4)}`,
    ])
      expect(redactUrl(url)).not.toMatch(/1606014507850003|%30%30%30%33|07850003/);
    expect(redactUrl('/admin/queues?ticket=eyJ.abc.def')).toBe('/admin/queues?ticket=[redacted]');
    expect(redactLogText('GET /admin/queues?ticket=eyJ.abc.def HTTP/1.1')).not.toContain('eyJ');
  });

  it('accepts a UUID or up to 64 safe characters as a correlation id, never a NIK or the service own ids', () => {
    expect(acceptedCorrelationId('0b6a4c1e-9a57-4b8e-8f3a-5d7e0c2b1a9f')).toBeDefined();
    expect(acceptedCorrelationId('trace.42_a-b')).toBe('trace.42_a-b');
    for (const bad of [
      nik,
      `x${nik}`,
      '1606-0145-0785-0003',
      'import:abc',
      'system',
      'a'.repeat(65),
      'a b',
      '',
    ])
      expect(acceptedCorrelationId(bad)).toBeUndefined();
  });
});
