import { Heir, HeirRelationship } from '../members/member.types';
import { IsoDate } from '../shared/dates';
import { ClaimantRelationship } from './claim.types';

export const HEIRS_BASIS = 'PP 44/2015 art. 37 (order of heirs)';

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

/** The relationships entitled among the registered heirs: those of the highest class present. */
export function entitledRelationships(heirs: readonly Heir[]): readonly HeirRelationship[] {
  const classes = heirs.map((h) => heirClassOf(h.relationship)).filter((c): c is number => c !== undefined);
  if (classes.length === 0) return [];
  return HEIR_CLASSES[Math.min(...classes) - 1];
}

/** Names are compared as people write them: case, surrounding and repeated spaces do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id-ID');
  return norm(a) === norm(b);
}

export function findRegisteredChild(
  heirs: readonly Heir[],
  fullName: string,
  birthDate: IsoDate,
): Heir | undefined {
  return heirs.find(
    (h) => h.relationship === 'CHILD' && h.birthDate === birthDate && sameName(h.fullName, fullName),
  );
}
