import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ProvidedDocumentDto } from './claim-actions.dto';

export class ReopenClaimDto {
  @ApiProperty({ description: 'Why the decided claim is reopened' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export class FileAppealDto {
  @ApiProperty({ description: "The claimant's grounds for the appeal" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  grounds: string;

  @ApiPropertyOptional({ type: [ProvidedDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProvidedDocumentDto)
  documents?: ProvidedDocumentDto[];
}

export const APPEAL_OUTCOMES = ['UPHELD', 'OVERTURNED'] as const;

export class DecideAppealDto {
  @ApiProperty({ enum: APPEAL_OUTCOMES })
  @IsIn(APPEAL_OUTCOMES)
  outcome: (typeof APPEAL_OUTCOMES)[number];

  @ApiProperty({ description: 'Why the appeal is decided so' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}
