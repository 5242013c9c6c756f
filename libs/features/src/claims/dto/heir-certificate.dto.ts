import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';
import { HeirDto } from '../../members/dto/enroll-member.dto';
import { IsPersonText } from '../../members/dto/validators';

/** An heir named on the certificate: a registered heir's fields and rules, without the NIK (docs/benefit-rules.md "Members"). */
export class CertifiedHeirDto extends OmitType(HeirDto, ['nik'] as const) {}

/** An heir certificate (surat keterangan ahli waris): with a claim, or `POST /api/claims/{id}/heir-certificate`. */
export class HeirCertificateDto {
  @ApiProperty({ example: 'SKAW/123/2026', description: "The certificate's number or where it is kept" })
  @IsPersonText()
  reference: string;

  @ApiProperty({ type: [CertifiedHeirDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CertifiedHeirDto)
  heirs: CertifiedHeirDto[];
}

/** The domain's plain certificate (no class instances, no empty birth dates). */
export function toHeirCertificate(dto: HeirCertificateDto) {
  return {
    reference: dto.reference,
    heirs: dto.heirs.map((h) => ({
      fullName: h.fullName,
      relationship: h.relationship,
      ...(h.birthDate !== undefined && h.birthDate !== null ? { birthDate: h.birthDate } : {}),
    })),
  };
}
