import { jkkDeath, jkmDeath, medical, request, scholarship } from './claim.fixtures';
import { ClaimRequest } from './claim.types';
import { validateClaimRequest } from './validate-claim-request';

const fields = (r: ClaimRequest) => validateClaimRequest(r).map((e) => e.field);
const loose = (r: Record<string, unknown>) => r as unknown as ClaimRequest;

describe('validateClaimRequest: semantic checks, one field error per bad field', () => {
  it('accepts a complete request of every benefit', () => {
    expect(validateClaimRequest(medical())).toEqual([]);
    expect(validateClaimRequest(jkkDeath())).toEqual([]);
    expect(validateClaimRequest(jkmDeath())).toEqual([]);
    expect(validateClaimRequest(scholarship())).toEqual([]);
    expect(
      validateClaimRequest(
        request({
          benefit: 'JKK_TEMPORARY_INCAPACITY',
          incidentDate: '2025-01-01',
          incapacityFrom: '2025-01-01',
          incapacityTo: '2025-01-01',
        }),
      ),
    ).toEqual([]);
    expect(
      validateClaimRequest(
        request({ benefit: 'JKK_PERMANENT_DISABILITY', incidentDate: '2025-01-01', disability: 'TOTAL' }),
      ),
    ).toEqual([]);
  });

  it('an unknown benefit', () => {
    expect(fields(loose({ memberId: 'm', benefit: 'JKK_DENTAL' }))).toEqual(['benefit']);
  });

  it('incidentDate is required except for a scholarship', () => {
    expect(fields(medical({ incidentDate: undefined }))).toEqual(['incidentDate']);
    expect(fields(medical({ incidentDate: '2025-02-30' }))).toEqual(['incidentDate']);
    expect(fields(scholarship({ incidentDate: undefined }))).toEqual([]);
  });

  it('reportedOn must not be before the incident', () => {
    expect(fields(medical({ incidentDate: '2025-03-10', reportedOn: '2025-03-09' }))).toEqual(['reportedOn']);
  });

  it('JKK_MEDICAL needs provider and invoiceAmount; workRelation defaults to CONFIRMED as for every JKK benefit', () => {
    expect(
      fields(medical({ workRelation: undefined, provider: undefined, invoiceAmount: undefined })),
    ).toEqual(['provider', 'invoiceAmount']);
    expect(fields(medical({ workRelation: undefined }))).toEqual([]);
  });

  it('invoiceAmount must be a positive integer', () => {
    expect(fields(medical({ invoiceAmount: 0 }))).toEqual(['invoiceAmount']);
    expect(fields(medical({ invoiceAmount: -5 }))).toEqual(['invoiceAmount']);
    expect(fields(medical({ invoiceAmount: 10.5 }))).toEqual(['invoiceAmount']);
  });

  it('workRelation must be CONFIRMED or SUSPECTED', () => {
    expect(fields(loose({ ...medical(), workRelation: 'NOT_WORK_RELATED' }))).toEqual(['workRelation']);
  });

  it('JKM_DEATH is for a death that is not work-related', () => {
    expect(fields(jkmDeath({ workRelation: 'CONFIRMED' }))).toEqual(['workRelation']);
  });

  it('JKK_TEMPORARY_INCAPACITY: incapacityTo >= incapacityFrom >= incidentDate', () => {
    const base = { benefit: 'JKK_TEMPORARY_INCAPACITY' as const, incidentDate: '2025-01-10' };
    expect(fields(request({ ...base }))).toEqual(['incapacityFrom', 'incapacityTo']);
    expect(fields(request({ ...base, incapacityFrom: '2025-01-12', incapacityTo: '2025-01-11' }))).toEqual([
      'incapacityTo',
    ]);
    expect(fields(request({ ...base, incapacityFrom: '2025-01-09', incapacityTo: '2025-01-11' }))).toEqual([
      'incapacityFrom',
    ]);
  });

  it('JKK_PERMANENT_DISABILITY: disability kind; PARTIAL needs known impairment codes', () => {
    const base = { benefit: 'JKK_PERMANENT_DISABILITY' as const, incidentDate: '2025-01-10' };
    expect(fields(request(base))).toEqual(['disability']);
    expect(fields(request({ ...base, disability: 'PARTIAL' }))).toEqual(['impairments']);
    expect(
      fields(
        request({
          ...base,
          disability: 'PARTIAL',
          impairments: [
            { code: 'ONE_EYE' },
            { code: 'LEFT_LEG' },
            { code: 'ONE_EYE' },
            { code: 'BOTH_EYES', functionLossPercent: 0 },
          ],
        }),
      ),
    ).toEqual(['impairments[1].code', 'impairments[2].code', 'impairments[3].functionLossPercent']);
  });

  it('death claims require a claimant with a known relationship', () => {
    expect(fields(jkkDeath({ claimant: undefined }))).toEqual(['claimant']);
    expect(fields(loose({ ...jkmDeath(), claimant: { fullName: '', relationship: 'NEIGHBOUR' } }))).toEqual([
      'claimant.fullName',
      'claimant.relationship',
    ]);
    expect(fields(jkmDeath({ claimant: { fullName: 'Pak RT', relationship: 'FUNERAL_ORGANISER' } }))).toEqual(
      [],
    );
  });

  it('JKK_DEATH needs a dateOfDeath on or after the accident', () => {
    expect(fields(jkkDeath({ dateOfDeath: undefined }))).toEqual(['dateOfDeath']);
    expect(fields(jkkDeath({ incidentDate: '2025-03-10', dateOfDeath: '2025-03-09' }))).toEqual([
      'dateOfDeath',
    ]);
  });

  it('JKM_DEATH: dateOfDeath may repeat incidentDate, never differ from it', () => {
    expect(fields(jkmDeath({ dateOfDeath: '2025-03-10' }))).toEqual([]);
    expect(fields(jkmDeath({ dateOfDeath: '2025-03-11' }))).toEqual(['dateOfDeath']);
  });

  it('SCHOLARSHIP: basisClaimId, child, level, academicYear with consecutive years', () => {
    expect(
      fields(
        scholarship({ basisClaimId: undefined, child: undefined, level: undefined, academicYear: undefined }),
      ),
    ).toEqual(['basisClaimId', 'child', 'level', 'academicYear']);
    expect(fields(scholarship({ child: { fullName: 'Rahmat', birthDate: '2015-13-01' } }))).toEqual([
      'child.birthDate',
    ]);
    expect(fields(scholarship({ academicYear: '2025/2027' }))).toEqual(['academicYear']);
    expect(fields(scholarship({ academicYear: '2025-2026' }))).toEqual(['academicYear']);
    expect(fields(loose({ ...scholarship(), level: 'S2' }))).toEqual(['level']);
    expect(fields(loose({ ...scholarship(), married: 'no' }))).toEqual(['married']);
  });
});
