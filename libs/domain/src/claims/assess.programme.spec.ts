import {
  CHILD_A,
  CHILD_B,
  SPOUSE,
  jkkDeath,
  jkmDeath,
  medical,
  member,
  otherClaim,
  request,
  scholarship,
} from './claim.fixtures';
import { assess, codes } from './assess.fixtures';

describe('the programme figures at a declared income of Rp 1,000,000 (docs/benefit-rules.md)', () => {
  it('work-accident death up to Rp 244 million = 70m death claim + 174m scholarships for 2 children', () => {
    const death = assess(jkkDeath());
    const basis = otherClaim('claim-death', jkkDeath());
    const years: [string, 'TK' | 'SD' | 'SMP' | 'SMA' | 'UNIVERSITY', number][] = [];
    let y = 2025;
    for (const [level, n] of [
      ['TK', 2],
      ['SD', 6],
      ['SMP', 3],
      ['SMA', 3],
      ['UNIVERSITY', 5],
    ] as const)
      for (let i = 0; i < n; i++, y++) years.push([`${y}/${y + 1}`, level, y]);

    // Two children aged 4 at the start of TK: 19 years of schooling, the last at 22.
    const kids = [
      { ...CHILD_A, birthDate: '2021-01-01' },
      { ...CHILD_B, birthDate: '2021-02-02' },
    ];
    const m = member({ heirs: [SPOUSE, ...kids], deceasedOn: '2025-03-12' });
    const claims = [basis];
    let scholarships = 0;
    for (const kid of kids)
      for (const [academicYear, level] of years) {
        const req = scholarship({
          child: { fullName: kid.fullName, birthDate: kid.birthDate },
          level,
          academicYear,
        });
        const a = assess(req, {
          member: m,
          basisClaim: basis,
          otherClaims: claims,
          assessedOn: '2025-07-15',
        });
        expect(a.reasons).toEqual([]);
        scholarships += a.total;
        claims.push(otherClaim(`s-${claims.length}`, req, 'APPROVED'));
      }
    expect(scholarships).toBe(174_000_000);
    expect(death.total + scholarships).toBe(244_000_000);
  });

  it('death Rp 42 million, funeral Rp 10 million, permanent disability Rp 56 million', () => {
    const jkm = assess(jkmDeath());
    expect(jkm.total).toBe(42_000_000);
    expect(jkm.lines.find((l) => l.code === 'FUNERAL')?.amount).toBe(10_000_000);
    const total = assess(
      request({
        benefit: 'JKK_PERMANENT_DISABILITY',
        incidentDate: '2025-03-10',
        reportedOn: '2025-03-20',
        disability: 'TOTAL',
      }),
    );
    expect(total.lines.find((l) => l.code === 'DISABILITY')?.amount).toBe(56_000_000);
  });
});

describe('assessment without a schedule in force', () => {
  it('NOT_COVERED: an incident before the programme began', () => {
    const a = assess(medical({ incidentDate: '2015-06-30', reportedOn: '2015-07-02' }), {
      member: member({ coverageStart: '2015-06-01' }),
    });
    expect(codes(a)).toContain('NOT_COVERED');
    expect(a.scheduleVersion).toBe('NONE');
  });
});
