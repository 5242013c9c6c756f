import { assessClaim } from './assess';
import { context, jkmDeath, member, otherClaim, PARENT, scholarship, SPOUSE } from './claim.fixtures';
import { heirsForClaim, validateHeirCertificate } from './heirs';

const WIDOW = { fullName: 'Siti Aminah', relationship: 'SPOUSE' as const };
const CHILD = { fullName: 'Rahmat Fauzi', relationship: 'CHILD' as const, birthDate: '2015-03-10' };
const CERTIFICATE = { reference: 'SKAW/474/2026', heirs: [WIDOW, CHILD] };
const assess = (o: Partial<Parameters<typeof assessClaim>[0]>) =>
  assessClaim({ ...context(), request: jkmDeath(), assessedOn: '2025-03-20', ...o });
const codes = (a: { reasons: { code: string }[] }) => a.reasons.map((r) => r.code);

describe('heirs by certificate (docs/benefit-rules.md "Heirs")', () => {
  it('while no heir is known the claimant, whatever relationship stated, is paid the funeral as FUNERAL_ORGANISER', () => {
    const a = assess({ member: member({ heirs: [] }) });
    expect(a.eligible).toBe(true);
    expect(codes(a)).toEqual(['NO_HEIR']);
    expect(a.lines).toEqual([
      expect.objectContaining({ code: 'FUNERAL', payee: { kind: 'FUNERAL_ORGANISER', name: 'Siti Aminah' } }),
    ]);
  });

  it('an unregistered widow with a certificate is paid in full', () => {
    const a = assess({ member: member({ heirs: [] }), request: jkmDeath({ heirCertificate: CERTIFICATE }) });
    expect(codes(a)).toEqual([]);
    expect(a.total).toBe(42_000_000);
    expect(a.lines.every((l) => l.payee.kind === 'HEIR')).toBe(true);
  });

  it("the certificate's heirs prevail over the registry; one added later replaces the request's", () => {
    const registryOnlyParent = member({ heirs: [PARENT] });
    expect(codes(assess({ member: registryOnlyParent }))).toEqual(['CLAIMANT_NOT_ENTITLED']);
    expect(codes(assess({ member: registryOnlyParent, heirCertificate: CERTIFICATE }))).toEqual([]);
    const parentsOnly = {
      reference: 'SKAW/2',
      heirs: [{ fullName: 'Hasan Basri', relationship: 'PARENT' as const }],
    };
    expect(
      codes(
        assess({
          member: member({ heirs: [SPOUSE] }),
          request: jkmDeath({ heirCertificate: CERTIFICATE }),
          heirCertificate: parentsOnly,
        }),
      ),
    ).toEqual(['CLAIMANT_NOT_ENTITLED']);
    expect(heirsForClaim([SPOUSE], undefined).source).toBe('the registered heirs');
  });

  it("a scholarship's child may come from its basis claim's certificate (full name and birth date)", () => {
    const basis = { ...otherClaim('claim-death', jkmDeath()), heirCertificate: CERTIFICATE };
    const request = scholarship({ child: { fullName: ' rahmat  FAUZI', birthDate: CHILD.birthDate } });
    const ok = assessClaim({
      ...context({ member: member({ heirs: [] }) }),
      request,
      basisClaim: basis,
      assessedOn: '2025-07-15',
    });
    expect(ok.eligible).toBe(true);
    const wrongBirth = assessClaim({
      ...context({ member: member({ heirs: [] }) }),
      request: scholarship({ child: { fullName: CHILD.fullName, birthDate: '2015-03-11' } }),
      basisClaim: basis,
      assessedOn: '2025-07-15',
    });
    expect(codes(wrongBirth)).toEqual(['CLAIMANT_NOT_ENTITLED']);
  });

  it('field rules as for registered heirs: reference, relationship, a CHILD needs a birth date, no NIK, one heir at least', () => {
    expect(validateHeirCertificate(CERTIFICATE, 'c')).toEqual([]);
    const fields = validateHeirCertificate(
      {
        reference: '',
        heirs: [
          { fullName: 'A', relationship: 'CHILD' },
          { fullName: 'B', relationship: 'COUSIN' },
          { fullName: 'C', relationship: 'SPOUSE', nik: '1606011205850001' },
          { fullName: 'D', relationship: 'CHILD', birthDate: '2030-01-01' },
        ],
      },
      'c',
      '2026-03-16',
    ).map((e) => e.field);
    expect(fields).toEqual([
      'c.reference',
      'c.heirs[0].birthDate',
      'c.heirs[1].relationship',
      'c.heirs[2].nik',
      'c.heirs[3].birthDate',
    ]);
    expect(validateHeirCertificate({ reference: 'x', heirs: [] }, 'c').map((e) => e.field)).toEqual([
      'c.heirs',
    ]);
    expect(validateHeirCertificate('x', 'c').map((e) => e.field)).toEqual(['c']);
  });
});
