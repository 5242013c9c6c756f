import { requestFor } from '@app/domain/claims';
import { plainToInstance } from 'class-transformer';
import { fieldsForeignToBenefit, SubmitClaimDto, toClaimRequest } from './submit-claim.dto';

const body = (plain: object) => plainToInstance(SubmitClaimDto, plain);

describe('the claim body', () => {
  it('a field of another benefit is unknown to this one: invoiceAmount on JKK_DEATH', () => {
    const errors = fieldsForeignToBenefit(
      body({ memberId: 'm', benefit: 'JKK_DEATH', invoiceAmount: 5, dateOfDeath: '2026-01-01', level: 'SD' }),
    );
    expect(errors.map((e) => e.field)).toEqual(['invoiceAmount', 'level']);
  });

  it("each benefit's own fields are accepted", () => {
    expect(
      fieldsForeignToBenefit(
        body({
          memberId: 'm',
          benefit: 'JKK_MEDICAL',
          workRelation: 'SUSPECTED',
          provider: 'RS',
          invoiceAmount: 1,
        }),
      ),
    ).toEqual([]);
    expect(
      fieldsForeignToBenefit(body({ memberId: 'm', benefit: 'JKM_DEATH', dateOfDeath: '2026-01-01' })),
    ).toEqual([]);
  });

  it('JKM_DEATH with workRelation is left to the domain, which explains JKK_DEATH', () => {
    expect(
      fieldsForeignToBenefit(body({ memberId: 'm', benefit: 'JKM_DEATH', workRelation: 'CONFIRMED' })),
    ).toEqual([]);
  });

  it('becomes a plain request without nulls or class instances', () => {
    const request = toClaimRequest(
      body({
        memberId: 'm',
        benefit: 'SCHOLARSHIP',
        basisClaimId: 'c',
        child: { fullName: 'Rahmat', birthDate: '2015-03-10' },
        level: 'SD',
        academicYear: '2025/2026',
        married: null,
      }),
    );
    expect(request).toEqual({
      memberId: 'm',
      benefit: 'SCHOLARSHIP',
      basisClaimId: 'c',
      child: { fullName: 'Rahmat', birthDate: '2015-03-10' },
      level: 'SD',
      academicYear: '2025/2026',
    });
    expect(Object.getPrototypeOf(requestFor(request, 'SCHOLARSHIP').child)).toBe(Object.prototype);
  });
});
