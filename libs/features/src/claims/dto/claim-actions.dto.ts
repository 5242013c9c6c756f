import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { REASON_CODES, WORK_RELATION_DECISIONS, WorkRelationDecision } from '@app/domain/claims';

export class ApproveClaimDto {
  @ApiPropertyOptional({ description: 'Why: recorded with the approval' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectClaimDto {
  @ApiProperty({
    example: 'CONTRIBUTION_UNPAID',
    description: `A reason code, usually one of the assessment's: ${REASON_CODES.join(', ')}`,
  })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'reasonCode must be a code such as CONTRIBUTION_UNPAID' })
  @MaxLength(100)
  reasonCode: string;

  @ApiProperty({ description: 'Why the claim is rejected' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export class RequestDocumentsDto {
  @ApiProperty({ type: [String], example: ['death certificate', 'police report'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  documents: string[];
}

export class ProvidedDocumentDto {
  @ApiProperty({ example: 'death certificate', description: 'The name it was requested under' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'DMS-2026-000123', description: 'Where the document is kept' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reference: string;
}

export class ProvideDocumentsDto {
  @ApiProperty({ type: [ProvidedDocumentDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProvidedDocumentDto)
  documents: ProvidedDocumentDto[];
}

export class DecideWorkRelationDto {
  @ApiProperty({ enum: WORK_RELATION_DECISIONS })
  @IsIn(WORK_RELATION_DECISIONS)
  decision: WorkRelationDecision;
}
