import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BENEFITS,
  Benefit,
  ClaimRequest,
  ClaimantRelationship,
  DISABILITY_KINDS,
  DisabilityKind,
  BENEFIT_MODULES,
  BenefitField,
  WORK_RELATIONS,
  WorkRelation,
  TRANSPORT_MODES,
  TransportMode,
  REHABILITATION_AIDS,
  RehabilitationAid,
} from '@app/domain/claims';
import { HEIR_RELATIONSHIPS } from '@app/domain/members';
import { SCHOLARSHIP_LEVELS, ScholarshipLevel } from '@app/domain/schedule';
import { FieldError } from '@app/domain/shared';
import { HeirCertificateDto, toHeirCertificate } from './heir-certificate.dto';
import { IsIsoDate } from './is-iso-date';

const CLAIMANT_RELATIONSHIPS: readonly ClaimantRelationship[] = [...HEIR_RELATIONSHIPS, 'FUNERAL_ORGANISER'];

/** docs/api.md "Claims" `payTo`: the payee's account (the domain's payToErrors has the last word). */
export class PayToDto {
  @ApiProperty({ example: '002', description: 'The bank code: 3 to 11 digits' })
  @IsString()
  @Matches(/^\d{3,11}$/, { message: 'bankCode must be 3 to 11 digits' })
  bankCode!: string;

  @ApiProperty({ example: '1234567890', description: 'The account number: 6 to 20 digits (personal data)' })
  @IsString()
  @Matches(/^\d{6,20}$/, { message: 'accountNumber must be 6 to 20 digits' })
  accountNumber!: string;

  @ApiProperty({ example: 'SITI AMINAH', description: 'The account holder, as the payee gives it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountName!: string;
}

export class ClaimantDto {
  @ApiProperty({ example: 'Siti Aminah' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({
    enum: CLAIMANT_RELATIONSHIPS,
    description: 'A registered heir relationship, or FUNERAL_ORGANISER when the member has no heir',
  })
  @IsIn(CLAIMANT_RELATIONSHIPS)
  relationship: ClaimantRelationship;
}

export class ImpairmentDto {
  @ApiProperty({ example: 'ONE_EYE', description: 'Impairment table code (PP 44/2015 annex)' })
  @IsString()
  @IsNotEmpty()
  code: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    description: 'Function lost; absent: anatomical loss (100%)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  functionLossPercent?: number;
}

export class ScholarshipChildDto {
  @ApiProperty({ example: 'Rahmat Fauzi' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ format: 'date', example: '2015-03-10' })
  @IsIsoDate()
  birthDate: string;
}

/**
 * `POST /api/claims` (docs/api.md "Claims"): the common fields plus, by `benefit`, its own. The shape
 * is checked here; which fields each benefit needs, and how they relate, is the domain's
 * `validateClaimRequest`.
 */
export class SubmitClaimDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  memberId: string;

  @ApiProperty({ enum: BENEFITS })
  @IsIn(BENEFITS)
  benefit: Benefit;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Required except for SCHOLARSHIP. JKK_DEATH: the accident; JKM_DEATH: the date of death',
  })
  @IsOptional()
  @IsIsoDate()
  incidentDate?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today (Asia/Jakarta)' })
  @IsOptional()
  @IsIsoDate()
  reportedOn?: string;

  @ApiPropertyOptional({ type: ClaimantDto, description: 'Required for JKK_DEATH and JKM_DEATH' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimantDto)
  claimant?: ClaimantDto;

  @ApiPropertyOptional({
    type: PayToDto,
    description: "The payee's bank account; absent: a cash order collected at a post office",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PayToDto)
  payTo?: PayToDto;

  @ApiPropertyOptional({ enum: WORK_RELATIONS, description: 'Every JKK benefit; CONFIRMED when absent' })
  @IsOptional()
  @IsIn(WORK_RELATIONS)
  workRelation?: WorkRelation;

  @ApiPropertyOptional({
    description: 'JKK_MEDICAL, JKK_HOME_CARE, JKK_REHABILITATION_AID: the provider invoicing',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  provider?: string;

  @ApiPropertyOptional({ description: 'JKK_MEDICAL, JKK_HOME_CARE: integer Rupiah', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  invoiceAmount?: number;

  @ApiPropertyOptional({ format: 'date', description: 'JKK_TEMPORARY_INCAPACITY: first day (inclusive)' })
  @IsOptional()
  @IsIsoDate()
  incapacityFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'JKK_TEMPORARY_INCAPACITY: last day (inclusive)' })
  @IsOptional()
  @IsIsoDate()
  incapacityTo?: string;

  @ApiPropertyOptional({ enum: DISABILITY_KINDS, description: 'JKK_PERMANENT_DISABILITY' })
  @IsOptional()
  @IsIn(DISABILITY_KINDS)
  disability?: DisabilityKind;

  @ApiPropertyOptional({ type: [ImpairmentDto], description: 'JKK_PERMANENT_DISABILITY, PARTIAL' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ImpairmentDto)
  impairments?: ImpairmentDto[];

  @ApiPropertyOptional({
    format: 'date',
    description: 'JKK_DEATH (required); JKM_DEATH (may repeat incidentDate)',
  })
  @IsOptional()
  @IsIsoDate()
  dateOfDeath?: string;

  @ApiPropertyOptional({
    description: 'JKK_DEATH: a certified sudden death at work, itself the determination of a work accident',
  })
  @IsOptional()
  @IsBoolean()
  suddenDeathAtWork?: boolean;

  @ApiPropertyOptional({ enum: TRANSPORT_MODES, description: 'JKK_TRANSPORT: how the worker was carried' })
  @IsOptional()
  @IsIn(TRANSPORT_MODES)
  mode?: TransportMode;

  @ApiPropertyOptional({ description: 'JKK_TRANSPORT: the cost incurred, integer Rupiah', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;

  @ApiPropertyOptional({ format: 'date', description: 'JKK_HOME_CARE: first day of care (inclusive)' })
  @IsOptional()
  @IsIsoDate()
  careFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'JKK_HOME_CARE: last day of care (inclusive)' })
  @IsOptional()
  @IsIsoDate()
  careTo?: string;

  @ApiPropertyOptional({ enum: REHABILITATION_AIDS, description: 'JKK_REHABILITATION_AID' })
  @IsOptional()
  @IsIn(REHABILITATION_AIDS)
  aid?: RehabilitationAid;

  @ApiPropertyOptional({
    description:
      "JKK_REHABILITATION_AID: integer Rupiah; for PROSTHESIS/ORTHOSIS the rehabilitation centre's price",
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  price?: number;

  @ApiPropertyOptional({ description: 'SCHOLARSHIP: the approved death or total-disability claim' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  basisClaimId?: string;

  @ApiPropertyOptional({ type: ScholarshipChildDto, description: 'SCHOLARSHIP: a registered CHILD heir' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScholarshipChildDto)
  child?: ScholarshipChildDto;

  @ApiPropertyOptional({
    type: HeirCertificateDto,
    description:
      'JKK_DEATH, JKM_DEATH, SCHOLARSHIP: its heirs prevail over the registered ones for this claim',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HeirCertificateDto)
  heirCertificate?: HeirCertificateDto;

  @ApiPropertyOptional({ enum: SCHOLARSHIP_LEVELS, description: 'SCHOLARSHIP' })
  @IsOptional()
  @IsIn(SCHOLARSHIP_LEVELS)
  level?: ScholarshipLevel;

  @ApiPropertyOptional({ example: '2025/2026', description: 'SCHOLARSHIP: two consecutive years' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}\/\d{4}$/, { message: 'academicYear must be "YYYY/YYYY", e.g. "2025/2026"' })
  academicYear?: string;

  @ApiPropertyOptional({ description: 'SCHOLARSHIP: the child is married (the scholarship ends)' })
  @IsOptional()
  @IsBoolean()
  married?: boolean;

  @ApiPropertyOptional({ description: 'SCHOLARSHIP: the child is employed (the scholarship ends)' })
  @IsOptional()
  @IsBoolean()
  employed?: boolean;
}

type DtoBenefitField = Exclude<
  keyof SubmitClaimDto,
  'memberId' | 'benefit' | 'incidentDate' | 'reportedOn' | 'claimant' | 'payTo'
>;
/** The DTO's benefit-specific fields are exactly the domain's: a field on one side only does not compile. */
export const DTO_FIELDS_MATCH_DOMAIN: [DtoBenefitField] extends [BenefitField]
  ? [BenefitField] extends [DtoBenefitField]
    ? true
    : never
  : never = true;

/** Which benefits each benefit-specific field belongs to, from the benefit modules (the domain's registry). */
const FIELD_BENEFITS: Record<BenefitField, readonly Benefit[]> = (() => {
  const table: Partial<Record<BenefitField, Benefit[]>> = {};
  for (const module of Object.values(BENEFIT_MODULES))
    for (const field of module.fields) (table[field] ??= []).push(module.benefit);
  return table as Record<BenefitField, Benefit[]>;
})();

/**
 * A field of another benefit is unknown to this one (docs/api.md: unknown fields are a 400), e.g.
 * `invoiceAmount` on a JKK_DEATH claim: it would be stored and silently ignored otherwise.
 * JKM_DEATH with `workRelation` is left to the domain, which explains it (a work accident is JKK).
 */
export function fieldsForeignToBenefit(body: SubmitClaimDto): FieldError[] {
  return (Object.keys(FIELD_BENEFITS) as BenefitField[])
    .filter((field) => body[field] !== undefined && body[field] !== null)
    .filter((field) => !FIELD_BENEFITS[field].includes(body.benefit))
    .filter((field) => !(field === 'workRelation' && body.benefit === 'JKM_DEATH'))
    .map((field) => ({
      field,
      message: `does not apply to ${body.benefit} (it is for ${FIELD_BENEFITS[field].join(', ')})`,
    }));
}

/** The body as the domain's plain, serialisable request (no class instances, no nulls). */
export function toClaimRequest(body: SubmitClaimDto): ClaimRequest {
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (key === 'claimant')
      request.claimant = { fullName: body.claimant!.fullName, relationship: body.claimant!.relationship };
    else if (key === 'payTo')
      request.payTo = {
        bankCode: body.payTo!.bankCode,
        accountNumber: body.payTo!.accountNumber,
        accountName: body.payTo!.accountName,
      };
    else if (key === 'heirCertificate') request.heirCertificate = toHeirCertificate(body.heirCertificate!);
    else if (key === 'child')
      request.child = { fullName: body.child!.fullName, birthDate: body.child!.birthDate };
    else if (key === 'impairments')
      request.impairments = body.impairments!.map((i) => ({
        code: i.code,
        ...(i.functionLossPercent !== undefined && i.functionLossPercent !== null
          ? { functionLossPercent: i.functionLossPercent }
          : {}),
      }));
    else request[key] = value;
  }
  return request as unknown as ClaimRequest;
}
