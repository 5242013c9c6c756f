import { validateHeir } from '../members/enrollment';
import { Heir, HeirRelationship } from '../members/member.types';
import { FieldError } from '../shared/domain-error';
import { IsoDate } from '../shared/dates';
import { MAX_NAME_LENGTH, textFieldErrors } from '../shared/text';
import { CertifiedHeir, ClaimantRelationship, HeirCertificate } from './claim.types';

export const HEIRS_BASIS = 'PP 44/2015 art. 37 (order of heirs)';

/** Heirs as the rules compare them: registered ones and those on a certificate alike. */
export type KnownHeir = Pick<Heir, 'fullName' | 'relationship' | 'birthDate'>;

/** PP 44/2015 art. 37: heirs by class, highest first; only the highest class present is entitled. */
export const HEIR_CLASSES: readonly (readonly HeirRelationship[])[] = [
  ['SPOUSE', 'CHILD'],
  ['PARENT', 'GRANDPARENT', 'GRANDCHILD'],
  ['SIBLING'],
  ['PARENT_IN_LAW'],
  ['TESTAMENTARY'],
];

/** 1 for SPOUSE/CHILD … 5 for TESTAMENTARY; undefined for a non-heir (FUNERAL_ORGANISER). */
export function heirClassOf(relationship: ClaimantRelationship): number | undefined {
  const i = HEIR_CLASSES.findIndex((c) => (c as readonly string[]).includes(relationship));
  return i < 0 ? undefined : i + 1;
}

/** The relationships entitled among the heirs: those of the highest class present. */
export function entitledRelationships(heirs: readonly KnownHeir[]): readonly HeirRelationship[] {
  const classes = heirs.map((h) => heirClassOf(h.relationship)).filter((c): c is number => c !== undefined);
  if (classes.length === 0) return [];
  return HEIR_CLASSES[Math.min(...classes) - 1];
}

/** Names are compared as people write them: case, surrounding and repeated spaces do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id-ID');
  return norm(a) === norm(b);
}

export function findRegisteredChild<H extends KnownHeir>(
  heirs: readonly H[],
  fullName: string,
  birthDate: IsoDate,
): H | undefined {
  return heirs.find(
    (h) => h.relationship === 'CHILD' && h.birthDate === birthDate && sameName(h.fullName, fullName),
  );
}

/** The heirs a death claim is paid by: its certificate's when it has one, else the registry's. */
export function heirsForClaim(
  registered: readonly KnownHeir[],
  certificate: HeirCertificate | undefined,
): { heirs: readonly KnownHeir[]; source: string } {
  return certificate
    ? { heirs: certificate.heirs, source: `heir certificate ${certificate.reference}` }
    : { heirs: registered, source: 'the registered heirs' };
}

/**
 * An heir certificate's field rules: the reference as any reference, each heir as a registered
 * heir's (docs/benefit-rules.md "Members"), at least one heir; `path` prefixes each field.
 */
export function validateHeirCertificate(value: unknown, path: string, today?: IsoDate): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ field: path, message: 'must be an object {reference, heirs}' }];
  const c = value as Record<string, unknown>;
  const errors: FieldError[] = [
    ...textFieldErrors(c.reference, `${path}.reference`, { maxLength: MAX_NAME_LENGTH }),
  ];
  if (!Array.isArray(c.heirs) || c.heirs.length === 0)
    errors.push({ field: `${path}.heirs`, message: 'must list at least one heir' });
  else
    c.heirs.forEach((heir: unknown, i) => {
      if (typeof heir === 'object' && heir !== null && 'nik' in heir)
        errors.push({ field: `${path}.heirs[${i}].nik`, message: 'is not part of an heir certificate' });
      errors.push(...validateHeir(heir, `${path}.heirs[${i}]`, { today }));
    });
  return errors;
}

/** The certificate as stored: trimmed text, only the fields it has. */
export function normalisedCertificate(certificate: HeirCertificate): HeirCertificate {
  return {
    reference: certificate.reference.trim(),
    heirs: certificate.heirs.map((h): CertifiedHeir => ({
      fullName: h.fullName.trim(),
      relationship: h.relationship,
      ...(h.birthDate ? { birthDate: h.birthDate } : {}),
    })),
  };
}
