/** Shared givens of the member specs (no jest here). */
import { UntrustedEnrollment } from './enrollment';

export const valid: UntrustedEnrollment = {
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

export const fields = (errors: { field: string }[]) => errors.map((e) => e.field);
