import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';

/**
 * docs/api.md `POST /api/members/{id}/corrections`. `changes` is checked field by field by the
 * member decider with the enrollment rules (the corrected NIK must match birthDate and sex).
 */
export class CorrectMemberDto {
  @ApiProperty({
    example: { birthDate: '1985-05-13', nik: '1606011305850001' },
    description: 'Any of fullName, nik, birthDate, sex, village, subdistrict, occupation, p3keDesil',
  })
  @IsObject({ message: 'must be an object' })
  changes: Record<string, unknown>;

  @ApiProperty({ example: 'Birth date typed wrong at enrollment (KTP checked)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
