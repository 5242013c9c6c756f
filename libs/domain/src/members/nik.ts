import { FieldError } from '../shared/domain-error';
import { isIsoDate, IsoDate } from '../shared/dates';
import { Sex } from './member.types';

const NIK_RE = /^\d{16}$/;

/** Digits 7-12 of a NIK: the birth date as DDMMYY, where women add 40 to DD (docs/benefit-rules.md "Members"). */
export function nikDatePart(birthDate: IsoDate, sex: Sex): string {
  const [year, month, day] = birthDate.split('-').map(Number);
  const dd = day + (sex === 'F' ? 40 : 0);
  return `${String(dd).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
}

/**
 * A NIK is 16 digits whose digits 7-12 encode `birthDate` and `sex`. Returns at most one error,
 * on field `nik` (or `field`). When birthDate or sex is itself invalid only the format is
 * checked: that field reports its own error.
 */
export function validateNik(nik: unknown, birthDate: unknown, sex: unknown, field = 'nik'): FieldError[] {
  if (typeof nik !== 'string' || !NIK_RE.test(nik)) {
    return [{ field, message: 'must be exactly 16 digits' }];
  }
  if (!isIsoDate(birthDate) || (sex !== 'M' && sex !== 'F')) return [];
  const expected = nikDatePart(birthDate, sex);
  const actual = nik.slice(6, 12);
  if (actual !== expected) {
    return [
      {
        field,
        message:
          `digits 7-12 (${actual}) do not match birthDate ${birthDate} and sex ${sex}: expected ${expected}` +
          (sex === 'F' ? ' (women add 40 to the day)' : ''),
      },
    ];
  }
  return [];
}
