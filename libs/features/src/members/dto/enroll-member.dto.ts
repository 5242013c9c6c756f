import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HEIR_RELATIONSHIPS, HeirRelationship, P3keDecile, Sex } from '@app/domain/members';
import { IsBirthDate, IsCalendarDate, IsFirstOfMonth, IsNikOfPerson, IsPersonText } from './validators';

export class HeirDto {
  @ApiProperty({ example: 'Siti Aminah' })
  @IsPersonText()
  fullName: string;

  @ApiProperty({ enum: HEIR_RELATIONSHIPS })
  @IsIn(HEIR_RELATIONSHIPS, { message: `must be one of ${HEIR_RELATIONSHIPS.join(', ')}` })
  relationship: HeirRelationship;

  @ApiPropertyOptional({ example: '2012-03-04', description: 'Required for a CHILD (DOMAIN.md 1)' })
  @ValidateIf((heir: HeirDto) => heir.birthDate !== undefined || heir.relationship === 'CHILD')
  @IsCalendarDate({ message: 'must be a valid date (YYYY-MM-DD); required for a CHILD' })
  birthDate?: string;

  @ApiPropertyOptional({ description: "The heir's NIK (16 digits), when known" })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'must be exactly 16 digits' })
  nik?: string;
}

/** API.md `POST /api/members`. */
export class EnrollMemberDto {
  @ApiProperty({
    example: '1606015205850001',
    description: '16 digits; digits 7-12 are the birth date DDMMYY, women add 40 to DD',
  })
  @IsNikOfPerson()
  nik: string;

  @ApiProperty({ example: 'Siti Rahmawati' })
  @IsPersonText()
  fullName: string;

  @ApiProperty({ example: '1985-05-12', description: 'From 1900-01-01 to today' })
  @IsBirthDate()
  birthDate: string;

  @ApiProperty({ enum: ['M', 'F'] })
  @IsIn(['M', 'F'], { message: 'must be "M" or "F"' })
  sex: Sex;

  @ApiProperty({ example: 'Balai Agung' })
  @IsPersonText()
  village: string;

  @ApiProperty({ example: 'Sekayu', description: 'Kecamatan' })
  @IsPersonText()
  subdistrict: string;

  @ApiProperty({ example: 'petani karet' })
  @IsPersonText()
  occupation: string;

  @ApiProperty({ enum: [1, 2, 3], description: 'P3KE decile' })
  @IsIn([1, 2, 3], { message: 'must be 1, 2 or 3' })
  p3keDesil: P3keDecile;

  @ApiPropertyOptional({
    example: 1_000_000,
    description:
      'Integer Rupiah, from the schedule minimum to its maximum (Rp 50,000,000); default Rp 1,000,000',
  })
  @IsOptional()
  @IsInt({ message: 'must be an integer amount of Rupiah' })
  @Min(0, { message: 'must be an integer amount of Rupiah' })
  declaredMonthlyIncome?: number;

  @ApiProperty({
    example: '2025-01-01',
    description: 'First day of a month, from 2015-07-01 to at most a year after today',
  })
  @IsFirstOfMonth()
  coverageStart: string;

  @ApiPropertyOptional({ type: [HeirDto] })
  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HeirDto)
  heirs?: HeirDto[];
}

/** `POST /api/members/{memberId}/heirs`: one heir registered after enrollment. */
export class RegisterHeirDto extends HeirDto {}
